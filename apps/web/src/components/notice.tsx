import type { ReactNode } from "react";

type Tone = "error" | "warning" | "info" | "success";

interface NoticeProps {
  tone: Tone;
  title?: string;
  children?: ReactNode;
}

/** A boxed message. Errors and warnings interrupt screen readers (`alert`); the rest wait their turn (`status`). */
export function Notice({ tone, title, children }: NoticeProps) {
  const role = tone === "error" || tone === "warning" ? "alert" : "status";
  return (
    <div className={`notice notice-${tone}`} role={role}>
      {title && <p className="notice-title">{title}</p>}
      {children && <div className="notice-body">{children}</div>}
    </div>
  );
}
