import { browser } from 'wxt/browser';
import { ICD_LIST_PATH, icdLoader, searchIcd, type IcdEntry } from '../../../rules/data/icd-list';

/** The extension's copy of the ICD-10 医保版 list, fetched on the first diagnosis search. */
export const loadIcdList = icdLoader(async () => {
  const response = await fetch(browser.runtime.getURL(ICD_LIST_PATH as '/'));
  if (!response.ok) throw new Error(`ICD list: HTTP ${response.status}`);
  return response.text();
});

export const searchDiagnoses = async (text: string): Promise<IcdEntry[]> => searchIcd(await loadIcdList(), text);
