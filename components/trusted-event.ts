import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/**
 * Which events our controls act on. In the EMR page only the doctor's own input counts: an event a
 * page script made (`click()`, `dispatchEvent`) is not trusted and must not record a decision,
 * write to the order or dismiss a finding. Component unit tests, whose DOM cannot make trusted
 * events, provide a gate that lets theirs through.
 */
export type EventGate = (event: Event) => boolean;

export const onlyTrusted: EventGate = (event) => event.isTrusted === true;

export const EventGateContext = createContext<EventGate>(onlyTrusted);

/** Wraps a handler so it runs only for events the gate accepts; others are stopped and ignored. */
export function useGatedHandler(): <E extends Event>(handler: (event: E) => void) => (event: E) => void {
  const accept = useContext(EventGateContext);
  return (handler) => (event) => {
    if (!accept(event)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    handler(event);
  };
}
