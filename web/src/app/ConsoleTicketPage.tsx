import { BookingPanel } from '../features/appointments/BookingPanel';
import { TicketDesk } from '../features/desk/TicketDesk';
import { TimePanel } from '../features/interventions/TimePanel';

/** The staff ticket page: the desk with the booking and time panels of their own features. */
export default function ConsoleTicketPage() {
  return (
    <TicketDesk
      panels={(ticket) => (
        <>
          <BookingPanel ticket={ticket} />
          <TimePanel ticket={ticket} />
        </>
      )}
    />
  );
}
