import type { Metadata } from "next";
import { AdminLog } from "@/components/admin-log/admin-log";

export const metadata: Metadata = { title: "Admin log" };

export default function AdminLogPage() {
  return <AdminLog />;
}
