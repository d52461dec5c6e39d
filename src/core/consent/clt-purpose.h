/* clt-purpose.h: a purpose of processing, from the catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLT_TYPE_PURPOSE (clt_purpose_get_type ())

G_DECLARE_FINAL_TYPE (CltPurpose, clt_purpose, CLT, PURPOSE, GObject)

CltPurpose *clt_purpose_new                  (const char  *key);
const char *clt_purpose_get_key              (CltPurpose  *self);
const char *clt_purpose_get_label            (CltPurpose  *self);
void        clt_purpose_set_label            (CltPurpose  *self,
                                              const char  *label);
const char *clt_purpose_get_channel          (CltPurpose  *self);
void        clt_purpose_set_channel          (CltPurpose  *self,
                                              const char  *channel);
const char *clt_purpose_get_legal_basis      (CltPurpose  *self);
void        clt_purpose_set_legal_basis      (CltPurpose  *self,
                                              const char  *legal_basis);
const char *clt_purpose_get_description      (CltPurpose  *self);
void        clt_purpose_set_description      (CltPurpose  *self,
                                              const char  *description);
const char *clt_purpose_get_data_categories  (CltPurpose  *self);
void        clt_purpose_set_data_categories  (CltPurpose  *self,
                                              const char  *data_categories);
const char *clt_purpose_get_recipients       (CltPurpose  *self);
void        clt_purpose_set_recipients       (CltPurpose  *self,
                                              const char  *recipients);
guint       clt_purpose_get_retention_months (CltPurpose  *self);
void        clt_purpose_set_retention_months (CltPurpose  *self,
                                              guint        months);
gboolean    clt_purpose_get_marketing        (CltPurpose  *self);
void        clt_purpose_set_marketing        (CltPurpose  *self,
                                              gboolean     marketing);
const char *clt_purpose_get_legal_basis_label (CltPurpose *self);
const char *clt_purpose_get_display_label    (CltPurpose  *self);
gboolean    clt_purpose_get_needs_consent    (CltPurpose  *self);
char       *clt_purpose_dup_retention_text   (CltPurpose  *self);

G_END_DECLS
