/* clt-workspace-private.h: the SQLite handle and transactions, for src/core only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "clt-workspace.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

sqlite3      *_clt_workspace_get_db      (CltWorkspace  *self);
sqlite3_stmt *_clt_workspace_prepare     (CltWorkspace  *self,
                                          const char    *sql,
                                          GError       **error);
gboolean      _clt_workspace_exec        (CltWorkspace  *self,
                                          const char    *sql,
                                          GError       **error);
gboolean      _clt_workspace_begin       (CltWorkspace  *self,
                                          GError       **error);
gboolean      _clt_workspace_commit      (CltWorkspace  *self,
                                          GError       **error);
void          _clt_workspace_rollback    (CltWorkspace  *self);
gboolean      _clt_workspace_step_done   (CltWorkspace  *self,
                                          sqlite3_stmt  *stmt,
                                          GError       **error);
void          _clt_workspace_set_error   (CltWorkspace  *self,
                                          GError       **error,
                                          const char    *what);
char         *_clt_workspace_dup_meta    (CltWorkspace  *self,
                                          const char    *key);
gboolean      _clt_workspace_set_meta    (CltWorkspace  *self,
                                          const char    *key,
                                          const char    *value,
                                          GError       **error);
gboolean      _clt_workspace_checkpoint  (CltWorkspace  *self,
                                          GError       **error);
gboolean      _clt_workspace_has_consent_sets (CltWorkspace *self);
gboolean      _clt_workspace_has_fact_sets    (CltWorkspace *self);
gint64        _clt_workspace_get_data_changes (CltWorkspace *self);
void          _clt_context_post               (GMainContext   *context,
                                               GSourceFunc     func,
                                               gpointer        data,
                                               GDestroyNotify  notify);

G_END_DECLS
