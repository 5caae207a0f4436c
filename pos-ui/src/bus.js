// posd's events, handed to whichever page listens.
import { useEffect, useRef } from './lib.js';

const subs = new Set();
export function emit(type, data) {
  subs.forEach((s) => s(type, data));
}
// fn(type, data) for every event while the component is on screen: from its first render
// (an effect would start listening a frame late, and miss what came meanwhile)
export function useEvents(fn) {
  const ref = useRef(null);
  if (!ref.current) {
    const s = (type, data) => ref.current.fn(type, data);
    ref.current = { s };
    subs.add(s);
  }
  ref.current.fn = fn;
  useEffect(() => () => subs.delete(ref.current.s), []);
}
