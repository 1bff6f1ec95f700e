import type { UseQueryResult } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Notice } from "../../components/notice.tsx";
import { PageLoading } from "../../components/page-loading.tsx";
import type { Guide } from "./guide-catalog.ts";
import type { GuideMarkdownProps } from "./guide-markdown.tsx";
import { GuideLoadError, splitGuideTitle } from "./guide-text.ts";

// The Markdown renderer loads with the first guide opened, not with the settings pages.
const GuideMarkdown = lazy(() => import("./guide-markdown.tsx"));

type GuideBodyProps = Omit<GuideMarkdownProps, "markdown" | "section" | "slug"> & {
  guide: Guide;
  text: UseQueryResult<string>;
};

/** A guide's text below its heading, with its loading and error states. */
export function GuideBody({ guide, text, ...markdownProps }: GuideBodyProps) {
  if (text.isPending) return <PageLoading label="Loading the guide…" />;
  if (text.isError) {
    const isMissing = text.error instanceof GuideLoadError && text.error.status === 404;
    return (
      <Notice tone="error" title="We couldn't load this guide">
        <p>{isMissing ? "This guide is not available on this server." : "Check your connection and try again."}</p>
        {!isMissing && (
          <button type="button" className="btn btn-secondary" onClick={() => text.refetch()}>
            Try again
          </button>
        )}
      </Notice>
    );
  }
  return (
    <Suspense fallback={<PageLoading label="Loading the guide…" />}>
      <GuideMarkdown markdown={splitGuideTitle(text.data).body} section={guide.section} slug={guide.slug} {...markdownProps} />
    </Suspense>
  );
}
