/** The window Test sign-in runs in, named so a second click reuses it. */
export const TEST_WINDOW_NAME = "jams-sso-test";

/**
 * Opens the Test sign-in window now, inside the click (browsers block pop-ups opened later), and
 * returns how to send it on once the ticket arrives: a form post, so the ticket never sits in a URL.
 */
export function openTestWindow(): { isOpen: boolean; post: (ticket: string) => void } {
  const popup = window.open("about:blank", TEST_WINDOW_NAME, "popup,width=560,height=760");
  return {
    isOpen: popup !== null,
    post: (ticket) => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/auth/sso/test";
      form.target = TEST_WINDOW_NAME;
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = "ticket";
      field.value = ticket;
      form.append(field);
      document.body.append(form);
      form.submit();
      form.remove();
    },
  };
}
