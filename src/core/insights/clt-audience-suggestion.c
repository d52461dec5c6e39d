/* clt-audience-suggestion.c: an audience the clustering proposes
 *
 * One cluster of the latest suggestions run (clt-suggestions.c): its plain-language
 * description, how many customers it holds and the features the clustering used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-audience-suggestion"

#include "config.h"

#include "clt-audience-suggestion-private.h"

struct _CltAudienceSuggestion
{
  guint      index;
  char      *description;
  gint64     size;
  double     share;
  GStrv      features;
};

G_DEFINE_BOXED_TYPE (CltAudienceSuggestion, clt_audience_suggestion,
                     clt_audience_suggestion_ref, clt_audience_suggestion_unref)

CltAudienceSuggestion *
_clt_audience_suggestion_new (guint               index,
                              const char         *description,
                              gint64              size,
                              double              share,
                              const char * const *features)
{
  CltAudienceSuggestion *self = g_atomic_rc_box_new0 (CltAudienceSuggestion);

  self->index = index;
  self->description = g_strdup (description);
  self->size = size;
  self->share = share;
  self->features = g_strdupv ((char **) features);

  return self;
}

CltAudienceSuggestion *
clt_audience_suggestion_ref (CltAudienceSuggestion *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
suggestion_clear (gpointer data)
{
  CltAudienceSuggestion *self = data;

  g_free (self->description);
  g_strfreev (self->features);
}

void
clt_audience_suggestion_unref (CltAudienceSuggestion *self)
{
  g_atomic_rc_box_release_full (self, suggestion_clear);
}

/* Its place in the run: what clt_insights_save_suggestion() is given. */
guint
clt_audience_suggestion_get_index (CltAudienceSuggestion *self)
{
  return self->index;
}

/* "Frequent buyers, small baskets, often in München", in the language of the caller. */
const char *
clt_audience_suggestion_get_description (CltAudienceSuggestion *self)
{
  return self->description;
}

gint64
clt_audience_suggestion_get_size (CltAudienceSuggestion *self)
{
  return self->size;
}

/* Of all customers with a purchase, 0 … 1. */
double
clt_audience_suggestion_get_share (CltAudienceSuggestion *self)
{
  return self->share;
}

/* The labels of the features the clustering used, translated. */
const char * const *
clt_audience_suggestion_get_features (CltAudienceSuggestion *self)
{
  return (const char * const *) self->features;
}
