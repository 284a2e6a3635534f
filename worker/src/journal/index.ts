export { JOURNAL_FILE, JOURNAL_MAGIC, ReceiptJournal } from "./receipt-journal.ts";
