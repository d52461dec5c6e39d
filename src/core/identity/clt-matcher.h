/* clt-matcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_MATCH_FIRST_NAME,
  CLT_MATCH_LAST_NAME,
  CLT_MATCH_BIRTHDATE,
  CLT_MATCH_EMAIL,
  CLT_MATCH_PHONE,
  CLT_MATCH_CITY,
  CLT_MATCH_POSTCODE,
  CLT_MATCH_STREET,
  CLT_MATCH_ID_NUMBER,
  CLT_MATCH_N_FIELDS
} CltMatchField;

/* How well a field of two records agrees, from nothing to everything. */
typedef enum
{
  CLT_MATCH_LEVEL_MISSING,
  CLT_MATCH_LEVEL_DIFFERENT,
  CLT_MATCH_LEVEL_FAR,
  CLT_MATCH_LEVEL_CLOSE,
  CLT_MATCH_LEVEL_EXACT,
  CLT_MATCH_N_LEVELS
} CltMatchLevel;

/* Why a record is in its cluster. */
typedef enum
{
  CLT_MATCH_LINK_NONE,
  CLT_MATCH_LINK_SCORE,
  CLT_MATCH_LINK_EMAIL,
  CLT_MATCH_LINK_CARD,
  CLT_MATCH_LINK_ORDER,
  CLT_MATCH_LINK_CONFIRMED,
  CLT_MATCH_LINK_EXISTING
} CltMatchLink;

/* The phases of matching, for measuring: keying the added records, blocking and comparing
 * the pairs, estimating u, estimating m (with lambda), then scoring, clustering and the
 * review list. */
typedef enum
{
  CLT_MATCH_PHASE_ADD,
  CLT_MATCH_PHASE_PAIRS,
  CLT_MATCH_PHASE_U,
  CLT_MATCH_PHASE_M,
  CLT_MATCH_PHASE_CLUSTER,
  CLT_MATCH_N_PHASES
} CltMatchPhase;

#define CLT_TYPE_MATCHER (clt_matcher_get_type ())

G_DECLARE_FINAL_TYPE (CltMatcher, clt_matcher, CLT, MATCHER, GObject)

CltMatcher *clt_matcher_new              (void);
guint       clt_matcher_add_record       (CltMatcher          *self,
                                          const char * const  *values);
void        clt_matcher_set_group        (CltMatcher          *self,
                                          guint                record,
                                          guint                group);
void        clt_matcher_set_existing     (CltMatcher          *self,
                                          guint                record,
                                          guint                cluster);
void        clt_matcher_add_link         (CltMatcher          *self,
                                          guint                a,
                                          guint                b,
                                          CltMatchLink         kind);
void        clt_matcher_add_cannot_link  (CltMatcher          *self,
                                          guint                a,
                                          guint                b);
char       *clt_matcher_dup_model        (CltMatcher          *self);
gboolean    clt_matcher_set_model        (CltMatcher          *self,
                                          const char          *model);
void        clt_matcher_run              (CltMatcher          *self,
                                          double               upper,
                                          double               lower);
guint       clt_matcher_get_cluster      (CltMatcher          *self,
                                          guint                record);
guint64     clt_matcher_get_n_compared   (CltMatcher          *self);
double      clt_matcher_get_phase_seconds (CltMatcher         *self,
                                          CltMatchPhase        phase);
double      clt_matcher_score            (CltMatcher          *self,
                                          guint                a,
                                          guint                b);
double      clt_matcher_explain          (CltMatcher          *self,
                                          guint                a,
                                          guint                b,
                                          CltMatchLevel       *levels,
                                          double              *weights);
CltMatchLink clt_matcher_get_reason      (CltMatcher          *self,
                                          guint                record,
                                          guint               *partner,
                                          double              *score);
guint       clt_matcher_get_n_review     (CltMatcher          *self);
double      clt_matcher_get_review       (CltMatcher          *self,
                                          guint                index,
                                          guint               *a,
                                          guint               *b);
const char *clt_match_field_get_id       (CltMatchField        field);
const char *clt_match_level_get_id       (CltMatchLevel        level);

G_END_DECLS
