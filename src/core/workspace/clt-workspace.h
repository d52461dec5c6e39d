/* clt-workspace.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLT_WORKSPACE_ERROR (clt_workspace_error_quark ())

typedef enum
{
  CLT_WORKSPACE_ERROR_NOT_SQLITE,
  CLT_WORKSPACE_ERROR_NOT_WORKSPACE,
  CLT_WORKSPACE_ERROR_TOO_NEW,
  CLT_WORKSPACE_ERROR_BUSY,
  CLT_WORKSPACE_ERROR_IO,
  CLT_WORKSPACE_ERROR_FAILED,
} CltWorkspaceError;

typedef struct
{
  const char *table;
  gint64      rows;
} CltTableCount;

/**
 * CltAuditEntry:
 *
 * One entry of the audit log: who did what to which object, and when. No personal data.
 */
typedef struct
{
  gint64  id;
  char   *at;
  char   *actor;
  char   *action;
  char   *object_kind;   /* nullable */
  gint64  object_id;     /* 0: none */
  char   *detail;        /* nullable: JSON */
} CltAuditEntry;

void clt_audit_entry_free (CltAuditEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltAuditEntry, clt_audit_entry_free)

#define CLT_TYPE_WORKSPACE (clt_workspace_get_type ())

G_DECLARE_FINAL_TYPE (CltWorkspace, clt_workspace, CLT, WORKSPACE, GObject)

GQuark        clt_workspace_error_quark              (void);
char         *clt_workspace_dup_default_path         (void);
guint         clt_workspace_get_latest_schema_version (void);
CltWorkspace *clt_workspace_open                     (const char    *path,
                                                      GError       **error);
const char   *clt_workspace_get_path                 (CltWorkspace  *self);
char         *clt_workspace_dup_name                 (CltWorkspace  *self);
guint         clt_workspace_get_schema_version       (CltWorkspace  *self);
GArray       *clt_workspace_count_tables             (CltWorkspace  *self,
                                                      GError       **error);
void          clt_workspace_count_tables_async       (CltWorkspace        *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GArray       *clt_workspace_count_tables_finish      (CltWorkspace  *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);
gint64        clt_workspace_count                    (CltWorkspace  *self,
                                                      const char    *table,
                                                      GError       **error);
gboolean      clt_workspace_is_empty                 (CltWorkspace  *self);
gint64        clt_workspace_get_data_version         (CltWorkspace  *self);
gboolean      clt_workspace_audit                    (CltWorkspace  *self,
                                                      const char    *actor,
                                                      const char    *action,
                                                      const char    *object_kind,
                                                      gint64         object_id,
                                                      const char    *detail,
                                                      GError       **error);
gint64        clt_workspace_verify_audit             (CltWorkspace  *self,
                                                      gint64        *n_checked,
                                                      GError       **error);
GPtrArray    *clt_workspace_list_audit               (CltWorkspace  *self,
                                                      const char    *action,
                                                      const char    *actor,
                                                      gint64         before_id,
                                                      guint          limit,
                                                      GError       **error);
GStrv         clt_workspace_dup_audit_actions        (CltWorkspace  *self,
                                                      GError       **error);
GStrv         clt_workspace_dup_audit_actors         (CltWorkspace  *self,
                                                      GError       **error);
const char   *clt_workspace_get_actor                (CltWorkspace  *self);
void          clt_workspace_set_actor                (CltWorkspace  *self,
                                                      const char    *actor);
GStrv         clt_workspace_dup_source_names         (CltWorkspace  *self,
                                                      GError       **error);

G_END_DECLS
