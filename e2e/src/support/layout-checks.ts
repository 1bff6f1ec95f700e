import type { Page } from "playwright-core";

/**
 * What makes a phone scroll sideways: the document wider than the viewport, any element or run of
 * text past its left or right edge (a table clipped by its card counts, though the page does not
 * scroll), and any box that scrolls horizontally inside the page (a table in `.table-scroll`).
 * Text inputs are left alone: a long value scrolling inside its field is how fields work.
 */
export function findHorizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    const nameOf = (element: Element) => {
      const classes = [...element.classList].map((name) => `.${name}`).join("");
      const text = (element.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 60);
      return `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}${classes}> "${text}"`;
    };
    /** Hidden from sight on purpose: `.visually-hidden` (1px, clipped) and anything inside it. */
    const isClippedAway = (element: Element) => {
      for (let at: Element | null = element; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.clipPath !== "none" || style.visibility === "hidden") return true;
      }
      return false;
    };
    const isPast = (rect: DOMRect) => rect.width > 0 && rect.height > 0 && (rect.right > width + 0.5 || rect.left < -0.5);

    if (document.documentElement.scrollWidth > width) {
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`);
    }
    const reported = new Set<Element>();
    for (const element of document.body.querySelectorAll("*")) {
      if (element.closest("input, textarea, select, option, script, style")) continue;
      const style = getComputedStyle(element);
      const scrollsSideways = (style.overflowX === "auto" || style.overflowX === "scroll") && element.scrollWidth > element.clientWidth + 1;
      if (scrollsSideways && !isClippedAway(element)) {
        problems.push(`${nameOf(element)} scrolls sideways (${element.scrollWidth}px in ${element.clientWidth}px)`);
      }
      const parent = element.parentElement;
      if (isPast(element.getBoundingClientRect()) && !(parent && reported.has(parent)) && !isClippedAway(element)) {
        reported.add(element);
        const rect = element.getBoundingClientRect();
        problems.push(`${nameOf(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)}px of a ${width}px viewport`);
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim() || reported.has(parent) || parent.closest("script, style, option")) continue;
      range.selectNodeContents(node);
      if (isPast(range.getBoundingClientRect()) && !isClippedAway(parent)) {
        reported.add(parent);
        problems.push(`text "${node.textContent.trim().slice(0, 60)}" in ${nameOf(parent)} runs past the viewport`);
      }
    }
    return problems;
  });
}

/**
 * Email addresses broken mid-word. Every address on the page (in text, not in fields) must neither be
 * styled to break anywhere (`overflow-wrap: anywhere | break-word`, `word-break: break-all`) nor be
 * laid out across lines anywhere but after its `@` or a dot, the wrap points `Email` offers.
 */
export function findBrokenEmails(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const range = document.createRange();
    const breaksAnywhere = (element: Element) => {
      const style = getComputedStyle(element);
      return ["anywhere", "break-word"].includes(style.overflowWrap) || ["break-all", "break-word"].includes(style.wordBreak);
    };
    /** Walks the characters of an address (possibly split over several text nodes) and reports each line break not after `@` or `.`. */
    const checkLines = (pieces: Array<{ node: Text; start: number; end: number }>, address: string) => {
      let previousTop: number | null = null;
      let previousChar = "";
      for (const { node, start, end } of pieces) {
        for (let index = start; index < end; index++) {
          range.setStart(node, index);
          range.setEnd(node, index + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          if (previousTop !== null && rect.top > previousTop + 2 && previousChar !== "@" && previousChar !== ".") {
            problems.push(`"${address}" breaks mid-word, after "${previousChar}" (in <${node.parentElement?.tagName.toLowerCase()}>)`);
          }
          previousTop = rect.top;
          previousChar = node.data[index] ?? "";
        }
      }
    };

    // Addresses rendered by the `Email` component: one address split into spans at its wrap points.
    for (const element of document.querySelectorAll(".email")) {
      const address = element.textContent ?? "";
      const texts: Text[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
      const anywhere = texts.find((text) => text.parentElement && breaksAnywhere(text.parentElement));
      if (anywhere) problems.push(`"${address}" may break anywhere: ${getComputedStyle(anywhere.parentElement as Element).overflowWrap}`);
      checkLines(
        texts.map((node) => ({ node, start: 0, end: node.length })),
        address,
      );
    }
    // Any other address in running text ("Revoked the invitation of mo@acme.com.").
    const emailPattern = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[A-Za-z]{2,}/g;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node as Text;
      const parent = text.parentElement;
      if (!parent || parent.closest(".email, script, style, option, .visually-hidden")) continue;
      for (const match of text.data.matchAll(emailPattern)) {
        if (breaksAnywhere(parent)) {
          const style = getComputedStyle(parent);
          problems.push(
            `"${match[0]}" in <${parent.tagName.toLowerCase()} class="${parent.className}"> may break anywhere (overflow-wrap: ${style.overflowWrap}, word-break: ${style.wordBreak}); render it with <Email>`,
          );
        }
        checkLines([{ node: text, start: match.index, end: match.index + match[0].length }], match[0]);
      }
    }
    return problems;
  });
}
