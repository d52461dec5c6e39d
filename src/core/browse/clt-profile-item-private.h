/* clt-profile-item-private.h: a page's row, and how an item is filled from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-profile-item.h"

G_BEGIN_DECLS

/* A profile's row as a page brings it; strings are owned. */
typedef struct
{
  gint64  id;
  char   *name;
  char   *email;
  char   *city;
  guint   sources;
  char   *last_activity;
  char   *first_seen;
  gint64  spend_cents;
  char   *currency;
  guint   orders;
  char   *email_consent;
  guint   n_records;
} CltProfileRow;

void            _clt_profile_row_clear     (CltProfileRow        *row);
CltProfileItem *_clt_profile_item_new      (const CltProfileRow  *row);
void            _clt_profile_item_fill     (CltProfileItem       *self,
                                            const CltProfileRow  *row);

G_END_DECLS
