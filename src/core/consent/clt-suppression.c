/* clt-suppression.c: the suppression list's keyed hashes, and the check every import makes
 *
 * An identifier is kept as HMAC-SHA256 ("kind:normalised value") under the workspace's own
 * random key: the list can say whether an address is on it, but nobody can read the
 * addresses back from it. It survives erasure: a later import of the same person is refused
 * row by row, with the reason and date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-suppression"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "clt-consent-private.h"
#include "clt-workspace-private.h"

struct _CltSuppression
{
  GHmac        *hmac;
  sqlite3_stmt *lookup;
};

/**
 * _clt_suppression_new_hmac:
 *
 * Returns: (transfer full): the HMAC keyed with the workspace's suppression key, to be copied
 *   for each digest
 */
GHmac *
_clt_suppression_new_hmac (CltWorkspace  *workspace,
                           GError       **error)
{
  g_autofree char *hex = _clt_workspace_dup_meta (workspace, "suppression_key");
  guint8 key[32];

  if (hex == NULL || strlen (hex) != 2 * sizeof key)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("The workspace has no key for its suppression list"));
      return NULL;
    }
  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));

  return g_hmac_new (G_CHECKSUM_SHA256, key, sizeof key);
}

/**
 * _clt_suppression_digest:
 * @keyed: from _clt_suppression_new_hmac()
 *
 * Returns: (transfer full): the keyed hash of "kind:normalised"
 */
GBytes *
_clt_suppression_digest (GHmac      *keyed,
        const char *kind,
        const char *normalised)
{
  g_autoptr(GHmac) hmac = g_hmac_copy (keyed);
  guint8 buffer[32];
  gsize length = sizeof buffer;

  g_hmac_update (hmac, (const guchar *) kind, -1);
  g_hmac_update (hmac, (const guchar *) ":", 1);
  g_hmac_update (hmac, (const guchar *) normalised, -1);
  g_hmac_get_digest (hmac, buffer, &length);

  return g_bytes_new (buffer, length);
}

/**
 * _clt_suppression_hash:
 * @kind: "email" or "phone"
 * @normalised: the identifier as _clt_consent_normalise() gives it
 *
 * Returns: (transfer full): the keyed hash the suppression list holds for it
 */
GBytes *
_clt_suppression_hash (CltWorkspace  *workspace,
                       const char    *kind,
                       const char    *normalised,
                       GError       **error)
{
  g_autoptr(GHmac) hmac = _clt_suppression_new_hmac (workspace, error);

  if (hmac == NULL)
    return NULL;

  return _clt_suppression_digest (hmac, kind, normalised);
}

/**
 * _clt_suppression_load:
 *
 * Returns: (transfer full) (nullable): the list, for checking many rows; %NULL when it is
 *   empty (nothing to check) or on an error (@error set)
 */
CltSuppression *
_clt_suppression_load (CltWorkspace  *workspace,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) any = NULL;
  g_autoptr(CltSuppression) self = NULL;

  if (!(any = _clt_workspace_prepare (workspace, "SELECT EXISTS (SELECT 1 FROM suppression)", error)))
    return NULL;
  if (sqlite3_step (any) != SQLITE_ROW || sqlite3_column_int (any, 0) == 0)
    return NULL;

  self = g_new0 (CltSuppression, 1);
  if (!(self->hmac = _clt_suppression_new_hmac (workspace, error)) ||
      !(self->lookup = _clt_workspace_prepare (workspace,
          "SELECT reason, substr (created_at, 1, 10) FROM suppression WHERE hash = ?1", error)))
    return NULL;

  return g_steal_pointer (&self);
}

void
_clt_suppression_free (CltSuppression *self)
{
  g_clear_pointer (&self->hmac, g_hmac_unref);
  g_clear_pointer (&self->lookup, sqlite3_finalize);
  g_free (self);
}

static char *
lookup (CltSuppression *self,
        const char     *kind,
        const char     *normalised)
{
  g_autoptr(GBytes) hash = _clt_suppression_digest (self->hmac, kind, normalised);
  char *reason = NULL;

  sqlite3_bind_blob (self->lookup, 1, g_bytes_get_data (hash, NULL), (int) g_bytes_get_size (hash), SQLITE_STATIC);
  if (sqlite3_step (self->lookup) == SQLITE_ROW)
    {
      const char *why = (const char *) sqlite3_column_text (self->lookup, 0);
      const char *date = (const char *) sqlite3_column_text (self->lookup, 1);

      if (g_strcmp0 (why, "erasure") == 0)
        /* Translators: %s is a date (YYYY-MM-DD) */
        reason = g_strdup_printf (_("This person was erased on %s at their request; the row was not imported"), date);
      else
        /* Translators: %s is a date (YYYY-MM-DD) */
        reason = g_strdup_printf (_("This person objected to marketing on %s; the row was not imported"), date);
    }
  sqlite3_reset (self->lookup);
  sqlite3_clear_bindings (self->lookup);

  return reason;
}

/**
 * _clt_suppression_check:
 * @emails: (element-type utf8): a row's normalised e-mail addresses
 * @phones: (element-type utf8): its phones in E.164
 *
 * Returns: (transfer full) (nullable): why the row may not be imported (with no personal
 *   data in it), or %NULL when none of its identifiers is on the list
 */
char *
_clt_suppression_check (CltSuppression *self,
                        GPtrArray      *emails,
                        GPtrArray      *phones)
{
  char *reason = NULL;

  for (guint i = 0; reason == NULL && i < emails->len; i++)
    reason = lookup (self, "email", g_ptr_array_index (emails, i));
  for (guint i = 0; reason == NULL && i < phones->len; i++)
    reason = lookup (self, "phone", g_ptr_array_index (phones, i));

  return reason;
}

/**
 * _clt_suppression_dup_workspace_id:
 *
 * The workspace's identity, as its erasure ledger is named: derived from the suppression key,
 * so that a copy of the file (a backup) has the same one, and nothing about the key can be
 * learnt from it.
 *
 * Returns: (transfer full): 32 hex digits, or %NULL with @error set
 */
char *
_clt_suppression_dup_workspace_id (CltWorkspace  *workspace,
                                   GError       **error)
{
  g_autoptr(GHmac) hmac = _clt_suppression_new_hmac (workspace, error);

  if (hmac == NULL)
    return NULL;
  g_hmac_update (hmac, (const guchar *) "clientele erasure ledger", -1);

  return g_strndup (g_hmac_get_string (hmac), 32);
}
