import { effect } from '@preact/signals';
import { z } from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';
import en from 'zod/v4/locales/en.js';
import { language } from '../i18n';

/**
 * Zod's own messages (数值过小：期望 number >0) in the page's language. Messages written in the
 * schemas themselves stay as written. The setting is global to this page's bundle, which only
 * the options page loads; the editor re-validates on every change, so a switch shows at once.
 */
export function followLanguageInValidation(): () => void {
  return effect(() => {
    z.config(language.value === 'en' ? en() : zhCN());
  });
}
