/* clt-mapping.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-preset.h"

G_BEGIN_DECLS

#define CLT_TYPE_MAPPING (clt_mapping_get_type ())

G_DECLARE_FINAL_TYPE (CltMapping, clt_mapping, CLT, MAPPING, GObject)

CltMapping       *clt_mapping_new_for_header     (const char * const *header,
                                                  const CltPreset    *preset);
CltMapping       *clt_mapping_new_from_json      (const char * const *header,
                                                  const char         *json,
                                                  GError            **error);
char             *clt_mapping_to_json            (CltMapping         *self);
const CltPreset  *clt_mapping_get_preset         (CltMapping         *self);
guint             clt_mapping_get_n_columns      (CltMapping         *self);
const char       *clt_mapping_get_column         (CltMapping         *self,
                                                  guint               column);
CltField          clt_mapping_get_field          (CltMapping         *self,
                                                  guint               column);
void              clt_mapping_set_field          (CltMapping         *self,
                                                  guint               column,
                                                  CltField            field);
int               clt_mapping_find_field         (CltMapping         *self,
                                                  CltField            field);
gboolean          clt_mapping_get_keep_unmapped  (CltMapping         *self);
void              clt_mapping_set_keep_unmapped  (CltMapping         *self,
                                                  gboolean            keep_unmapped);
gboolean          clt_mapping_has_identifier     (CltMapping         *self);
char             *clt_mapping_dup_unplaced       (CltMapping         *self);

G_END_DECLS
