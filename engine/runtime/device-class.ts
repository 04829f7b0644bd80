import type { DeviceClass } from '../store/port.js';

/**
 * The coarse class of device a browser's User-Agent names, for the funnel's filters. Only the class
 * is kept (never the User-Agent itself). Bounded patterns over a header already cut to 300 characters.
 */
export function deviceClassOf(userAgent: string | null): DeviceClass {
  if (!userAgent) return 'unknown';
  if (/bot|crawler|spider|headless|curl|wget|python-requests|node-fetch|undici/i.test(userAgent)) return 'bot';
  if (/ipad|tablet|kindle|silk|playbook/i.test(userAgent) || (/android/i.test(userAgent) && !/mobile/i.test(userAgent))) return 'tablet';
  if (/mobi|iphone|ipod|android|windows phone|blackberry|opera mini/i.test(userAgent)) return 'mobile';
  return 'desktop';
}
