// The libraries every page uses, from one place.
import { h, render } from '../vendor/preact.mjs';
import { useState, useEffect, useLayoutEffect, useRef, useCallback, useMemo } from '../vendor/hooks.mjs';
import htm from '../vendor/htm.mjs';

export const html = htm.bind(h);
export { render, useState, useEffect, useLayoutEffect, useRef, useCallback, useMemo };
