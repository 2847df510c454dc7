/** The agent queue (issue 14, part 1). Owned by the queue helper; placeholder until then. */
export default function QueuePage() {
  return <h1>Queue</h1>;
}
