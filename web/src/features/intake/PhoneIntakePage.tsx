/** Log a phone call as a ticket for a customer (staff). Placeholder. */
export default function PhoneIntakePage() {
  return <h1>Phone call</h1>;
}
