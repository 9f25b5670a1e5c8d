// Downloads a CSV from one of the app's resource routes. Inside the admin the app is framed, so the
// request goes through fetch (App Bridge adds the session token), and the file is saved from a Blob.
import { useState } from "react";
import { Button } from "@shopify/polaris";

export function CsvDownloadButton({ href, label, failedMessage }: { href: string; label: string; failedMessage: string }) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch(href);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "tsunagu.csv";
      const url = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = name;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
