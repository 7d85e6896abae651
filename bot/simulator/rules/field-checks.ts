import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';

/**
 * Small typed readers for WeCom JSON bodies. Every violation is WeCom's 40058 "invalid
 * Parameter" naming the field (e.g. `template_card.main_title.title: more than 36 characters`),
 * unless the caller passes a more specific errcode.
 */

export type Json = Record<string, unknown>;

/** Characters as WeCom's limits count them: Unicode code points, so "华为" is 2. */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

export function byteCount(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

export function invalid(path: string, why: string, errcode: number = WecomErrcode.INVALID_PARAMETER): never {
  throw new WecomSimError(errcode, `${path}: ${why}`);
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional nested object; anything but an object or absent is invalid. */
export function optionalObject(parent: Json, key: string, path: string): Json | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) invalid(`${path}.${key}`, 'must be an object');
  return value;
}

export function optionalArray(parent: Json, key: string, path: string, maxItems: number, minItems = 0): unknown[] | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) invalid(`${path}.${key}`, 'must be an array');
  if (value.length > maxItems) invalid(`${path}.${key}`, `at most ${maxItems} items, got ${value.length}`);
  if (value.length < minItems) invalid(`${path}.${key}`, `at least ${minItems} items, got ${value.length}`);
  return value;
}

export interface StringRule {
  required?: boolean;
  maxChars?: number;
  maxBytes?: number;
  /** An empty string counts as missing when `required`. */
  pattern?: RegExp;
}

export function optionalString(parent: Json, key: string, path: string, rule: StringRule = {}): string | undefined {
  const value = parent[key];
  const field = `${path}.${key}`;
  if (value === undefined || value === null || value === '') {
    if (rule.required) invalid(field, 'is required');
    return value === '' ? '' : undefined;
  }
  if (typeof value !== 'string') invalid(field, 'must be a string');
  if (rule.maxChars !== undefined && charCount(value) > rule.maxChars) {
    invalid(field, `more than ${rule.maxChars} characters (${charCount(value)})`);
  }
  if (rule.maxBytes !== undefined && byteCount(value) > rule.maxBytes) {
    invalid(field, `more than ${rule.maxBytes} bytes (${byteCount(value)})`);
  }
  if (rule.pattern && !rule.pattern.test(value)) invalid(field, `does not match ${rule.pattern}`);
  return value;
}

export function requiredString(parent: Json, key: string, path: string, rule: Omit<StringRule, 'required'> = {}): string {
  return optionalString(parent, key, path, { ...rule, required: true }) as string;
}

/** An optional integer among `allowed`; absent → undefined. */
export function optionalEnum<T extends number>(parent: Json, key: string, path: string, allowed: readonly T[]): T | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !allowed.includes(value as T)) invalid(`${path}.${key}`, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Links WeCom opens must be absolute http(s) URLs (a relative link opens nothing in the client). */
export const HTTP_URL = /^https?:\/\/[^\s]+$/i;
