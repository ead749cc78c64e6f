import { describe, expect, it } from 'vitest';
import { chooseFrame } from '../../../adapters/authoring/frame-choice';
import { loadProfile } from '../adapters/support';

/** Which frame of a tab the picker goes to. */

const ORIGIN = 'http://127.0.0.1:5173';

describe('chooseFrame', () => {
  // inpatient.html: a shell with a bed list, the order screen in an iframe.
  const shell = [
    { frameId: 0, url: `${ORIGIN}/inpatient.html`, cells: 0 },
    { frameId: 7, url: `${ORIGIN}/inpatient-frame.html`, cells: 180 },
  ];

  it('building: the frame with the order table (most cells)', () => {
    expect(chooseFrame(shell)?.frameId).toBe(7);
  });

  it('building: the top frame on a tie, and never a non-web frame', () => {
    expect(chooseFrame([{ frameId: 3, url: `${ORIGIN}/a.html`, cells: 5 }, { frameId: 0, url: `${ORIGIN}/b.html`, cells: 5 }])?.frameId).toBe(0);
    expect(chooseFrame([{ frameId: 0, url: 'about:blank', cells: 0 }])).toBeUndefined();
    expect(chooseFrame([{ frameId: 0, url: `${ORIGIN}/x.html`, cells: 1 }, { frameId: 2, url: 'about:srcdoc', cells: 50 }])?.frameId).toBe(0);
  });

  it('repairing: the frame the profile applies to, even with fewer cells', () => {
    const inpatient = loadProfile('demo-inpatient');
    const probes = [
      { frameId: 0, url: `${ORIGIN}/inpatient.html`, cells: 400 },
      { frameId: 7, url: `${ORIGIN}/inpatient-frame.html`, cells: 180 },
    ];
    expect(chooseFrame(probes, inpatient)?.frameId).toBe(7);
    // A profile that fits no frame: fall back to the building rule.
    expect(chooseFrame(probes, loadProfile('demo-fhir'))?.frameId).toBe(0);
  });
});
