// posd's events, handed to whichever page listens.
import { useEffect, useRef } from './lib.js';

const subs = new Set();
export function emit(type, data) {
  subs.forEach((s) => s(type, data));
}
// fn(type, data) for every event while the component is on screen
export function useEvents(fn) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const s = (type, data) => ref.current(type, data);
    subs.add(s);
    return () => subs.delete(s);
  }, []);
}
