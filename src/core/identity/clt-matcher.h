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

#define CLT_TYPE_MATCHER (clt_matcher_get_type ())

G_DECLARE_FINAL_TYPE (CltMatcher, clt_matcher, CLT, MATCHER, GObject)

CltMatcher *clt_matcher_new              (void);
guint       clt_matcher_add_record       (CltMatcher          *self,
                                          const char * const  *values);
void        clt_matcher_run              (CltMatcher          *self,
                                          double               threshold);
guint       clt_matcher_get_cluster      (CltMatcher          *self,
                                          guint                record);
guint64     clt_matcher_get_n_compared   (CltMatcher          *self);
double      clt_matcher_score            (CltMatcher          *self,
                                          guint                a,
                                          guint                b);

G_END_DECLS
