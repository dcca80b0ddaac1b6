// Usernames are owner slugs: one namespace with organizations and TF Hub publishers.
import { z } from 'zod'

/**
 * Top-level path segments of the SPA and the API, today's and the ones accounts, community and
 * Kaggle-like pages will need, plus names that would impersonate the site.
 */
const reservedUsernames = new Set([
  'about',
  'account',
  'accounts',
  'admin',
  'administrator',
  'api',
  'app',
  'archives',
  'assets',
  'auth',
  'blog',
  'code',
  'competitions',
  'contact',
  'datasets',
  'delete',
  'discussion',
  'discussions',
  'docs',
  'download',
  'downloads',
  'edit',
  'explore',
  'files',
  'health',
  'hello',
  'help',
  'home',
  'kaggle',
  'learn',
  'login',
  'logout',
  'me',
  'models',
  'modelport',
  'new',
  'notebooks',
  'null',
  'operator',
  'organization',
  'organizations',
  'orgs',
  'owner',
  'owners',
  'privacy',
  'profile',
  'register',
  'root',
  'search',
  'security',
  'settings',
  'signin',
  'sign-in',
  'signout',
  'sign-out',
  'signup',
  'sign-up',
  'static',
  'stats',
  'status',
  'support',
  'system',
  'terms',
  'tfhub',
  'uploads',
  'user',
  'users',
  'undefined',
  'v1',
  'v2',
  'www',
])

/**
 * 3 to 20 characters: lower-case letters, digits and single hyphens, starting with a letter and
 * not ending with a hyphen. The rule of Kaggle's user slugs (lower case, short), with hyphens
 * allowed as TF Hub publisher and organization slugs have them.
 */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'must be at least 3 characters')
  .max(20, 'must be at most 20 characters')
  .regex(
    /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/,
    'only lower-case letters, digits and single hyphens; starts with a letter',
  )
  .refine((name) => !reservedUsernames.has(name), 'is reserved')

/** Emails are compared trimmed and lower-cased: one account per mailbox, however it is typed. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('is not an email address'))
