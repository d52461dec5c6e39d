/* clt-preset.h: what Clientele knows of the exports of each system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-field.h"
#include "clt-value.h"

G_BEGIN_DECLS

typedef enum
{
  CLT_RECORD_CONTACT,
  CLT_RECORD_ORDER_LINE,
  CLT_RECORD_RECEIPT,
} CltRecordKind;

typedef enum
{
  CLT_CONSENT_FROM_COLUMNS,
  CLT_CONSENT_SUBSCRIBED,
  CLT_CONSENT_UNSUBSCRIBED,
  CLT_CONSENT_CLEANED,
} CltConsentSource;

typedef struct
{
  const char       *id;
  const char       *name;
  const char       *source_kind;
  const char       *source_name;
  CltRecordKind     kind;
  CltDateOrder      date_order;
  CltNumberStyle    number_style;
  CltConsentSource  consent;
  gboolean          phones_international;
  /* Terms that must all hold for the preset to match: a column name, "!" a column that
   * must be absent, "@" a field the columns map to. */
  const char       *requires;
  /* "Column=field" pairs; field "none" leaves a column out. Other columns are guessed. */
  const char       *columns;
} CltPreset;

const CltPreset  *clt_preset_find       (const char         *id);
const CltPreset  *clt_preset_get_all    (guint              *n_presets);
const CltPreset  *clt_preset_recognise  (const char * const *header);
const CltPreset  *clt_preset_get_generic (void);
CltField          clt_preset_map_column (const CltPreset    *preset,
                                         const char         *column);
const char       *clt_preset_get_name   (const CltPreset    *preset);
int               clt_preset_get_default_priority (const CltPreset *preset);

G_END_DECLS
