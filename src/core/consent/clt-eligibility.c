/* clt-eligibility.c: who of a set of profiles may be used for a purpose, and why not
 *
 * Made by clt_consent_ledger_check(): for each eligible profile, the identifier to use (the
 * address that consented) and the basis ("consent", "uwg7_3", or the purpose's own legal
 * basis, such as "legitimate-interest"); for the others, counts by reason. Candidates always
 * equal the eligible plus the excluded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-eligibility"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-consent-private.h"

typedef struct
{
  gint64      profile_id;
  gint64      event_id;
  gint64      assertion_id;
  const char *identifier_kind;
  const char *identifier;
  const char *basis;
} Recipient;

struct _CltEligibility
{
  GObject       parent_instance;

  char         *purpose;
  char         *channel;
  char          legal_basis;
  GArray       *recipients;
  GStringChunk *strings;
  gint64        excluded[CLT_N_EXCLUSIONS];
  gint64        n_weak_proof;
  gint64        n_stale;
  gboolean      sorted;
  double        seconds;
};

G_DEFINE_FINAL_TYPE (CltEligibility, clt_eligibility, G_TYPE_OBJECT)

static const char * const exclusion_ids[CLT_N_EXCLUSIONS] = {
  [CLT_EXCLUSION_NO_CONSENT] = "no-consent",
  [CLT_EXCLUSION_WITHDRAWN] = "withdrawn",
  [CLT_EXCLUSION_BOUNCED] = "bounced",
  [CLT_EXCLUSION_SUPPRESSED] = "suppressed",
  [CLT_EXCLUSION_RESTRICTED] = "restricted",
  [CLT_EXCLUSION_NO_ADDRESS] = "no-address",
  [CLT_EXCLUSION_WEAK_PROOF] = "weak-proof",
};

/**
 * clt_exclusion_get_label:
 *
 * Returns: (transfer none): the reason as shown, translated
 */
const char *
clt_exclusion_get_label (CltExclusion reason)
{
  switch (reason)
    {
    case CLT_EXCLUSION_NO_CONSENT: return _("No consent");
    case CLT_EXCLUSION_WITHDRAWN: return _("Withdrawn or objected");
    case CLT_EXCLUSION_BOUNCED: return _("Address bounced");
    case CLT_EXCLUSION_SUPPRESSED: return _("On the suppression list");
    case CLT_EXCLUSION_RESTRICTED: return _("Restricted or objected");
    case CLT_EXCLUSION_NO_ADDRESS: return _("No address for the channel");
    case CLT_EXCLUSION_WEAK_PROOF: return _("No double opt-in proof");
    default: g_return_val_if_reached (NULL);
    }
}

static void
clt_eligibility_finalize (GObject *object)
{
  CltEligibility *self = (CltEligibility *) object;

  g_free (self->purpose);
  g_free (self->channel);
  g_clear_pointer (&self->recipients, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (clt_eligibility_parent_class)->finalize (object);
}

static void
clt_eligibility_class_init (CltEligibilityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clt_eligibility_finalize;
}

static void
clt_eligibility_init (CltEligibility *self)
{
  self->recipients = g_array_new (FALSE, FALSE, sizeof (Recipient));
  self->strings = g_string_chunk_new (4096);
  self->sorted = TRUE;
}

CltEligibility *
_clt_eligibility_new (const char *purpose,
                      const char *channel,
                      char        legal_basis)
{
  CltEligibility *self = g_object_new (CLT_TYPE_ELIGIBILITY, NULL);

  self->purpose = g_strdup (purpose);
  self->channel = g_strdup (channel);
  self->legal_basis = legal_basis;

  return self;
}

/* One of a few words (kinds, bases), kept once: the static copy of a known one. */
static const char *
known (CltEligibility *self,
       const char     *word)
{
  static const char * const words[] = {
    "email", "phone", "postal", "profile", "consent", "uwg7_3", "contract", "legal-obligation", "vital-interests",
    "public-task", "legitimate-interest",
  };

  if (word == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (word, words[i]))
      return words[i];

  return g_string_chunk_insert_const (self->strings, word);
}

void
_clt_eligibility_add (CltEligibility *self,
                      gint64          profile_id,
                      const char     *identifier_kind,
                      const char     *identifier,
                      const char     *basis,
                      gint64          consent_event_id,
                      gint64          assertion_id,
                      gboolean        weak_proof,
                      gboolean        stale)
{
  Recipient recipient = {
    profile_id, consent_event_id, assertion_id,
    known (self, identifier_kind),
    identifier ? g_string_chunk_insert (self->strings, identifier) : NULL,
    known (self, basis),
  };

  if (self->recipients->len > 0 &&
      g_array_index (self->recipients, Recipient, self->recipients->len - 1).profile_id > profile_id)
    self->sorted = FALSE;
  g_array_append_val (self->recipients, recipient);
  self->n_weak_proof += weak_proof;
  self->n_stale += stale;
}

void
_clt_eligibility_exclude (CltEligibility *self,
                          CltExclusion    reason,
                          gint64          n)
{
  self->excluded[reason] += n;
}

void
_clt_eligibility_set_seconds (CltEligibility *self,
                              double          seconds)
{
  self->seconds = seconds;
}

/*
 * _clt_eligibility_get_event:
 *
 * The consent event and assertion the recipient at @index is used on (0 when none).
 */
void
_clt_eligibility_get_basis_ids (CltEligibility *self,
                                guint           index,
                                gint64         *event_id,
                                gint64         *assertion_id)
{
  const Recipient *recipient = &g_array_index (self->recipients, Recipient, index);

  *event_id = recipient->event_id;
  *assertion_id = recipient->assertion_id;
}

const char *
clt_eligibility_get_purpose (CltEligibility *self)
{
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), NULL);
  return self->purpose;
}

const char *
clt_eligibility_get_channel (CltEligibility *self)
{
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), NULL);
  return self->channel;
}

/**
 * clt_eligibility_get_n_candidates:
 *
 * Returns: the profiles looked at: eligible plus excluded
 */
gint64
clt_eligibility_get_n_candidates (CltEligibility *self)
{
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), 0);
  return self->recipients->len + clt_eligibility_get_n_excluded_total (self);
}

gint64
clt_eligibility_get_n_eligible (CltEligibility *self)
{
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), 0);
  return self->recipients->len;
}

gint64
clt_eligibility_get_n_excluded (CltEligibility *self,
                                CltExclusion    reason)
{
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), 0);
  g_return_val_if_fail (reason < CLT_N_EXCLUSIONS, 0);
  return self->excluded[reason];
}

gint64
clt_eligibility_get_n_excluded_total (CltEligibility *self)
{
  gint64 total = 0;

  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), 0);

  for (guint i = 0; i < CLT_N_EXCLUSIONS; i++)
    total += self->excluded[i];

  return total;
}

/**
 * clt_eligibility_get_n_weak_proof:
 *
 * Returns: how many of the eligible are used on e-mail consent without double opt-in proof
 */
gint64
clt_eligibility_get_n_weak_proof (CltEligibility *self)
{
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), 0);
  return self->n_weak_proof;
}

/**
 * clt_eligibility_get_n_stale:
 *
 * Returns: how many of the eligible are used on consent unused for longer than the
 *   workspace's staleness period (a warning: they are not excluded)
 */
gint64
clt_eligibility_get_n_stale (CltEligibility *self)
{
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), 0);
  return self->n_stale;
}

/**
 * clt_eligibility_get_recipient:
 * @index: from 0 to the number eligible
 * @profile_id: (out) (optional):
 * @identifier_kind: (out) (optional) (nullable): "email", "phone" …; %NULL when the channel
 *   needs no address
 * @identifier: (out) (optional) (nullable): the address to use: the one that consented
 * @basis: (out) (optional): "consent", "uwg7_3", "contract", "legitimate-interest" …
 *
 * Returns: %FALSE when @index is out of range
 */
gboolean
clt_eligibility_get_recipient (CltEligibility  *self,
                               guint            index,
                               gint64          *profile_id,
                               const char     **identifier_kind,
                               const char     **identifier,
                               const char     **basis)
{
  const Recipient *recipient;

  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), FALSE);

  if (index >= self->recipients->len)
    return FALSE;

  recipient = &g_array_index (self->recipients, Recipient, index);
  if (profile_id)
    *profile_id = recipient->profile_id;
  if (identifier_kind)
    *identifier_kind = recipient->identifier_kind;
  if (identifier)
    *identifier = recipient->identifier;
  if (basis)
    *basis = recipient->basis;

  return TRUE;
}

static int
compare_recipients (gconstpointer a,
                    gconstpointer b)
{
  gint64 x = ((const Recipient *) a)->profile_id;
  gint64 y = ((const Recipient *) b)->profile_id;

  return (x > y) - (x < y);
}

/**
 * clt_eligibility_contains:
 * @identifier: (out) (optional) (nullable): the address to use
 * @basis: (out) (optional): the basis it may be used on
 *
 * Returns: whether @profile_id may be used
 */
gboolean
clt_eligibility_contains (CltEligibility  *self,
                          gint64           profile_id,
                          const char     **identifier,
                          const char     **basis)
{
  Recipient key = { .profile_id = profile_id };
  guint index;

  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), FALSE);

  if (!self->sorted)
    {
      g_array_sort (self->recipients, compare_recipients);
      self->sorted = TRUE;
    }
  if (!g_array_binary_search (self->recipients, &key, compare_recipients, &index))
    return FALSE;

  return clt_eligibility_get_recipient (self, index, NULL, NULL, identifier, basis);
}

/**
 * clt_eligibility_dup_excluded_json:
 *
 * Returns: (transfer full): the excluded counts by reason, as a JSON object (no zeros)
 */
char *
clt_eligibility_dup_excluded_json (CltEligibility *self)
{
  GString *json = g_string_new ("{");

  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), NULL);

  for (guint i = 0; i < CLT_N_EXCLUSIONS; i++)
    {
      if (self->excluded[i] == 0)
        continue;
      g_string_append_printf (json, "%s\"%s\":%" G_GINT64_FORMAT, json->len > 1 ? "," : "", exclusion_ids[i],
                              self->excluded[i]);
    }
  g_string_append_c (json, '}');

  return g_string_free (json, FALSE);
}

/**
 * clt_eligibility_get_seconds:
 *
 * Returns: how long the check took
 */
double
clt_eligibility_get_seconds (CltEligibility *self)
{
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (self), 0);
  return self->seconds;
}
