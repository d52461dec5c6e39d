/* clt-segment-private.h: the catalogue, JSON and compiler of segments, for src/core only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "clt-condition.h"
#include "clt-segment-group.h"
#include "clt-segment-catalogue.h"
#include "clt-segment-ref.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

/* The version of the JSON definitions this Clientele writes and reads. */
#define CLT_SEGMENT_DEFINITION_VERSION 1

typedef enum
{
  CLT_VALUE_TEXT,
  CLT_VALUE_NUMBER,
  CLT_VALUE_MONEY,
  CLT_VALUE_DATE,
} CltValueType;

/* One profile field: its id in JSON, the SQL expression that reads it (fixed text) and the
 * table it needs: f is profile_facts, p is profiles. */
typedef struct
{
  const char   *id;
  const char   *label;
  CltValueType  type;
  const char   *expr;
  gboolean      needs_profiles;
} CltFieldInfo;

const CltFieldInfo *_clt_segment_field_info     (const char *field);
gboolean            _clt_condition_validate     (CltCondition *self,
                                                 const char   *where,
                                                 GError      **error);
gboolean            _clt_value_parse_number     (const char   *text,
                                                 double       *number);
gboolean            _clt_segment_event_known    (const char *event);
gboolean            _clt_segment_purpose_known  (const char *purpose);
gboolean            _clt_segment_channel_known  (const char *channel);
gboolean            _clt_segment_state_known    (const char *state);

void                _clt_condition_build_json   (CltCondition *self,
                                                 JsonBuilder  *builder);

/* A value bound to a statement. */
typedef struct
{
  int     type;   /* SQLITE_TEXT, SQLITE_FLOAT or SQLITE_INTEGER */
  char   *text;
  double  number;
  gint64  integer;
} CltBinding;

/* What the compiler made of one node. */
typedef struct
{
  CltSegmentNode *node;       /* the node compiled (for a reference: the CltSegmentRef) */
  char           *path;       /* its place: child indexes from the root, "" for the root, "0/2" */
  char           *expr;       /* a boolean over f (and p): is the profile in? */
  char           *row_expr;   /* the same, correlated: cheap for one profile */
  char           *value_expr; /* nullable: the value that decides it, as text, for "why in" */
  /* Nullable: a query of the profile ids for which the node holds (negated: does not). */
  char           *set_sql;
  gboolean        negated;
  /* Nullable: the ids for which the node does not hold (a range of an index). */
  char           *complement_sql;
  /* Nullable: a query of blobs, bit n % 8 of byte n / 8 set for profile n, joined: the
   * profiles of set_sql (kept sets: consent, sources), but for the ids of the nullable
   * except_sql (the consent split's restrictions); no row, or a NULL, when not kept */
  char           *bits_sql;
  char           *except_sql;
  /* Nullable: for behaviour, the matching events (profile id, value) to aggregate in C,
   * with what is compared: aggregate op a (and b), days counted back from today (a julian day). */
  char           *rows_sql;
  gboolean        dedupe;     /* rows_sql may give an event more than once (ev) */
  CltAggregate    aggregate;
  CltOperator     op;
  double          a;
  double          b;
  double          today;
  gboolean        needs_profiles;
  /* For a reference to a dynamic segment: the root of its definition, compiled as well. */
  CltSegmentGroup *ref_root;
} CltCompiledNode;

typedef struct
{
  GPtrArray *nodes;     /* of CltCompiledNode, the root first, in tree order */
  GPtrArray *all;       /* owns every CltCompiledNode, with those inside references */
  GArray    *bindings;  /* of CltBinding: ?1 … ?N */
  gboolean   needs_profiles;
  GHashTable *by_node;  /* CltSegmentNode → CltCompiledNode */
} CltCompiled;

CltCompiled *_clt_segment_compile          (CltWorkspace     *workspace,
                                            CltSegmentGroup  *root,
                                            GDateTime        *now,
                                            GError          **error);
gboolean     _clt_segment_check            (CltWorkspace     *workspace,
                                            CltSegmentGroup  *root,
                                            gint64            self_id,
                                            GError          **error);
void         _clt_compiled_free            (CltCompiled      *compiled);
CltCompiledNode *_clt_compiled_lookup      (CltCompiled      *compiled,
                                            CltSegmentNode   *node);
void         _clt_compiled_bind            (CltCompiled      *compiled,
                                            sqlite3_stmt     *stmt);
char        *_clt_compiled_from            (CltCompiled      *compiled);
char        *_clt_segment_consent_state_sql (CltCompiled     *compiled,
                                             const char      *purpose,
                                             const char      *channel);
CltCompiledNode *_clt_compiled_add_consent (CltCompiled      *compiled,
                                            CltWorkspace     *workspace,
                                            const char       *purpose,
                                            const char       *channel);
char        *_clt_compiled_binding_key     (CltCompiled      *compiled,
                                            const char       *sql);

GArray      *_clt_segment_select_members   (CltWorkspace     *workspace,
                                            CltSegmentGroup  *root,
                                            GDateTime        *now,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltCompiled, _clt_compiled_free)

G_END_DECLS
