// Downloads a file (CSV, JSON) from one of the app's resource routes. Inside the admin the app is
// framed, so the request goes through fetch (App Bridge adds the session token) — a plain link would
// reach the route without one and be answered with a redirect to the login — and the file is saved
// from a Blob under the name the route gives in Content-Disposition.
import { useState } from "react";
import { Button } from "@shopify/polaris";

interface DownloadButtonProps {
  href: string;
  label: string;
  failedMessage: string;
  /** Called once the file is saved (e.g. to show that it was downloaded). */
  onDownloaded?: () => void;
}

export function DownloadButton({ href, label, failedMessage, onDownloaded }: DownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch(href);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "tsunagu-download";
      const url = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = name;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      onDownloaded?.();
    } catch {
      window.shopify?.toast.show(failedMessage, { isError: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={download} loading={busy}>
      {label}
    </Button>
  );
}
