import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JobView } from "@/components/jobs/job-view";

type Params = { params: Promise<{ jobId: string }> };

const JOB_ID = /^[1-9][0-9]{0,76}$/;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { jobId } = await params;
  return { title: JOB_ID.test(jobId) ? `Job #${jobId}` : "Job" };
}

export default async function JobPage({ params }: Params) {
  const { jobId } = await params;
  if (!JOB_ID.test(jobId)) notFound();
  // Keyed by job, so moving between jobs starts each page's automatic steps afresh.
  return <JobView key={jobId} jobId={BigInt(jobId)} />;
}
