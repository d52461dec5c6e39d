/* clt-search-fold.h: how the profile search folds words, the same when indexing and querying
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_SEARCH_FOLD_INDEX,
  CLT_SEARCH_FOLD_QUERY,
} CltSearchFoldMode;

void   clt_search_fold          (const char        *text,
                                 CltSearchFoldMode  mode,
                                 GPtrArray         *tokens);
void   clt_search_fold_phone    (const char        *phone,
                                 GPtrArray         *tokens);
void   clt_search_fold_append   (const char        *text,
                                 gboolean           phone,
                                 GString           *words);
char  *clt_search_build_query   (const char        *text);

G_END_DECLS
