import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { queryClient } from "../lib/query-client.ts";
import { TRPCProvider } from "../lib/trpc.ts";
import { trpcClient } from "../lib/trpc-client.ts";

/** React Query and the typed tRPC hooks; loaded lazily, so `/login` does without them. */
export default function ApiProvider({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
