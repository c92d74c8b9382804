// The billing area of the ownership end-to-end test's app: its errors are thrown from this file.

export function renderInvoice(invoiceId: string): never {
  throw new Error(`Invoice ${invoiceId} has no billing address`);
}
