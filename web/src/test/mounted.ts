// What render() (src/lib/testDom.tsx) mounted and not yet unmounted. Kept free of imports: the setup file reads it, and
// importing the components from there would load modules before a test file's vi.mock could replace them.
export const mounted = new Set<() => void>();

/** Unmounts what a test left mounted. A test that already emptied the page may have taken a portal's node with it. */
export function unmountAll(): void {
  for (const unmount of [...mounted]) {
    try {
      unmount();
    } catch {
      mounted.delete(unmount);
    }
  }
}
