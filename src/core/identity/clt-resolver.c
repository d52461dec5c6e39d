/* clt-resolver.c: identity resolution, from source records to golden profiles
 *
 * Loads every source record's comparison values, links records by the deterministic rules
 * (the same e-mail address, loyalty card or order) and by what people decided, matches the
 * rest with CltMatcher, and writes the clusters back as profiles: each cluster keeps the
 * profile id most of its records had, so profiles stay stable from run to run. Pairs
 * between the two thresholds go to the review queue. A later run compares only records that
 * are new or changed since the last one, scored by the model the full run estimated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-resolver"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "clt-golden.h"
#include "clt-identity.h"
#include "clt-keys.h"
#include "clt-resolver.h"
#include "clt-workspace-private.h"

struct _CltResolver
{
  GObject   parent_instance;

  char     *workspace_path;
  char     *actor;
  gboolean  full;

  guint     n_records;
  guint     n_profiles;
  guint     n_review;
  guint64   n_compared;
  double    seconds[CLT_RESOLVE_N_PHASES];
};

G_DEFINE_FINAL_TYPE (CltResolver, clt_resolver, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WORKSPACE_PATH,
  PROP_FULL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Records a model must have been estimated on for a later run to reuse it. */
#define MODEL_MIN_RECORDS 200

typedef struct
{
  CltGoldenCandidate golden;
  gint64             source_id;
  gint64             profile_id;
  gboolean           resolved;
  const char        *external_id;
  const char        *order_id;
  /* A further line of an order, whose first line names the customer. */
  gboolean           continuation;
} Record;

/* The workspace's records, loaded into a matcher in the same order. */
typedef struct
{
  CltWorkspace *workspace;
  CltMatcher   *matcher;
  GArray       *records;
  GHashTable   *by_id;
  GStringChunk *strings;
  guint         n_new;
} Load;

static void
load_clear (Load *load)
{
  g_clear_object (&load->workspace);
  g_clear_object (&load->matcher);
  g_clear_pointer (&load->records, g_array_unref);
  g_clear_pointer (&load->by_id, g_hash_table_unref);
  g_clear_pointer (&load->strings, g_string_chunk_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Load, load_clear)

static void
clt_resolver_finalize (GObject *object)
{
  CltResolver *self = (CltResolver *) object;

  g_free (self->workspace_path);
  g_free (self->actor);

  G_OBJECT_CLASS (clt_resolver_parent_class)->finalize (object);
}

static void
clt_resolver_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CltResolver *self = CLT_RESOLVER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE_PATH:
      g_value_set_string (value, self->workspace_path);
      break;

    case PROP_FULL:
      g_value_set_boolean (value, self->full);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_resolver_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CltResolver *self = CLT_RESOLVER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE_PATH:
      self->workspace_path = g_value_dup_string (value);
      break;

    case PROP_FULL:
      clt_resolver_set_full (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_resolver_class_init (CltResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_resolver_finalize;
  object_class->get_property = clt_resolver_get_property;
  object_class->set_property = clt_resolver_set_property;

  properties[PROP_WORKSPACE_PATH] =
    g_param_spec_string ("workspace-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULL] =
    g_param_spec_boolean ("full", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_resolver_init (CltResolver *self)
{
}

/**
 * clt_resolver_new:
 * @workspace_path: the workspace to resolve; each run opens its own connection
 */
CltResolver *
clt_resolver_new (const char *workspace_path)
{
  g_return_val_if_fail (workspace_path != NULL, NULL);

  return g_object_new (CLT_TYPE_RESOLVER, "workspace-path", workspace_path, NULL);
}

gboolean
clt_resolver_get_full (CltResolver *self)
{
  g_return_val_if_fail (CLT_IS_RESOLVER (self), FALSE);

  return self->full;
}

/**
 * clt_resolver_set_actor:
 * @actor: (nullable): who the run is recorded as in the audit log; %NULL for the login name
 */
void
clt_resolver_set_actor (CltResolver *self,
                        const char  *actor)
{
  g_return_if_fail (CLT_IS_RESOLVER (self));

  g_set_str (&self->actor, actor);
}

/**
 * clt_resolver_set_full:
 * @full: whether to compare every record anew and estimate the model again, instead of
 *   comparing only new and changed records
 */
void
clt_resolver_set_full (CltResolver *self,
                       gboolean     full)
{
  g_return_if_fail (CLT_IS_RESOLVER (self));

  full = !!full;
  if (self->full == full)
    return;

  self->full = full;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL]);
}

static char *
get_meta (CltWorkspace *workspace,
          const char   *key)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, "SELECT value FROM workspace_meta WHERE key = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
set_meta (CltWorkspace  *workspace,
          const char    *key,
          const char    *value,
          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _clt_workspace_prepare (workspace, "INSERT OR REPLACE INTO workspace_meta (key, value) VALUES (?1, ?2)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return _clt_workspace_step_done (workspace, stmt, error);
}

/* Reads every source record into @load and its matcher. */
static gboolean
load_records (Load     *load,
              gint64    resolved_through,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  int status;

  load->matcher = clt_matcher_new ();
  load->records = g_array_new (FALSE, TRUE, sizeof (Record));
  load->by_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  load->strings = g_string_chunk_new (1 << 20);

  if (!(select = _clt_workspace_prepare (load->workspace,
          "SELECT r.id, s.priority, r.batch_id, " CLT_GOLDEN_COLUMNS ", r.source_id, r.profile_id, "
          "  r.id <= ?1 AND NOT EXISTS (SELECT 1 FROM unresolved_records u WHERE u.record_id = r.id), "
          "  json_extract (r.normalized, '$.external_id'), json_extract (r.normalized, '$.order_id') "
          "FROM source_records r JOIN sources s ON s.id = r.source_id ORDER BY r.id", error)))
    return FALSE;
  sqlite3_bind_int64 (select, 1, resolved_through);

  while ((status = sqlite3_step (select)) == SQLITE_ROW)
    {
      Record record = { { 0 } };
      const char *values[CLT_MATCH_N_FIELDS];
      int column = 3 + CLT_GOLDEN_N_COLUMNS;
      const char *text;

      record.golden.record_id = sqlite3_column_int64 (select, 0);
      record.golden.priority = sqlite3_column_int (select, 1);
      record.golden.batch_id = sqlite3_column_int64 (select, 2);
      clt_golden_candidate_read (&record.golden, select, 3, load->strings);
      record.source_id = sqlite3_column_int64 (select, column);
      record.profile_id = sqlite3_column_int64 (select, column + 1);
      record.resolved = sqlite3_column_int (select, column + 2);
      text = (const char *) sqlite3_column_text (select, column + 3);
      record.external_id = text ? g_string_chunk_insert_const (load->strings, text) : NULL;
      text = (const char *) sqlite3_column_text (select, column + 4);
      record.order_id = text ? g_string_chunk_insert_const (load->strings, text) : NULL;

      load->n_new += !record.resolved;
      clt_golden_candidate_match_values (&record.golden, values);
      clt_matcher_add_record (load->matcher, values);
      g_hash_table_insert (load->by_id, GSIZE_TO_POINTER (record.golden.record_id), GUINT_TO_POINTER (load->records->len));
      g_array_append_val (load->records, record);
    }
  if (status != SQLITE_DONE)
    {
      _clt_workspace_set_error (load->workspace, error, _("Could not read the source records"));
      return FALSE;
    }

  return TRUE;
}

/* A pair of record indices as a hash table key, the same either way round. */
#define PAIR_KEY(a, b) GSIZE_TO_POINTER (((gsize) MIN ((a), (b)) << 32) | MAX ((a), (b)))

static gboolean
index_of (Load   *load,
          gint64  record_id,
          guint  *index)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (load->by_id, GSIZE_TO_POINTER (record_id), NULL, &value))
    return FALSE;

  *index = GPOINTER_TO_UINT (value);
  return TRUE;
}

/* Whether two records' first names allow them to be one person: the same after folding
 * and nicknames, one typed wrong, or one unknown. */
static gboolean
first_names_agree (const Record *a,
                   const Record *b)
{
  const char *name_a = a->golden.values[CLT_GOLDEN_FIRST_NAME];
  const char *name_b = b->golden.values[CLT_GOLDEN_FIRST_NAME];
  g_autofree char *folded_a = NULL;
  g_autofree char *folded_b = NULL;

  if (name_a == NULL || name_b == NULL)
    return TRUE;

  folded_a = clt_key_name (name_a);
  folded_b = clt_key_name (name_b);

  return folded_a[0] == '\0' || folded_b[0] == '\0' ||
         g_str_equal (clt_key_nickname (folded_a), clt_key_nickname (folded_b)) ||
         clt_jaro_winkler (folded_a, folded_b) >= 0.9;
}

/* Links the records of one e-mail address or card: each named record to the first earlier
 * one whose first name agrees, so that a family sharing an address or a card stays several
 * people; records without a name (a receipt) only where the group is one person, and an
 * order's further lines not at all, as their order links them. */
static void
link_group (Load         *load,
            GArray       *group,
            CltMatchLink  kind)
{
  g_autoptr(GArray) heads = g_array_new (FALSE, FALSE, sizeof (guint));
  gint first_nameless = -1;

  for (guint i = 0; i < group->len; i++)
    {
      guint index = g_array_index (group, guint, i);
      const Record *record = &g_array_index (load->records, Record, index);
      gboolean linked = FALSE;

      if (record->golden.values[CLT_GOLDEN_FIRST_NAME] == NULL && record->golden.values[CLT_GOLDEN_LAST_NAME] == NULL)
        {
          if (!record->continuation && first_nameless < 0)
            first_nameless = index;
          continue;
        }

      for (guint h = 0; h < heads->len && !linked; h++)
        {
          guint head = g_array_index (heads, guint, h);

          if (first_names_agree (&g_array_index (load->records, Record, head), record))
            {
              clt_matcher_add_link (load->matcher, head, index, kind);
              linked = TRUE;
            }
        }
      if (!linked)
        g_array_append_val (heads, index);
    }

  if (heads->len > 1)
    return;
  for (guint i = 0; i < group->len; i++)
    {
      guint index = g_array_index (group, guint, i);
      const Record *record = &g_array_index (load->records, Record, index);
      guint to = heads->len == 1 ? g_array_index (heads, guint, 0) : (guint) first_nameless;

      if (!record->continuation && index != to && first_nameless >= 0 &&
          record->golden.values[CLT_GOLDEN_FIRST_NAME] == NULL && record->golden.values[CLT_GOLDEN_LAST_NAME] == NULL)
        clt_matcher_add_link (load->matcher, to, index, kind);
    }
}

/* The deterministic rules, a person's decisions and, for a later run, the earlier clusters. */
static gboolean
add_constraints (Load      *load,
                 gboolean   full,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) identifiers = NULL;
  g_autoptr(sqlite3_stmt) decisions = NULL;
  g_autoptr(GHashTable) orders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) latest = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer pair, decision;
  g_autoptr(GArray) group = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *last_kind = NULL;
  g_autofree char *last_value = NULL;
  int status;

  for (guint i = 0; i < load->records->len; i++)
    {
      Record *record = &g_array_index (load->records, Record, i);

      /* The lines of one order are one customer's. */
      if (record->order_id)
        {
          char *key = g_strdup_printf ("%" G_GINT64_FORMAT "|%s", record->source_id, record->order_id);
          gpointer order_first;

          if (g_hash_table_lookup_extended (orders, key, NULL, &order_first))
            {
              clt_matcher_add_link (load->matcher, GPOINTER_TO_UINT (order_first), i, CLT_MATCH_LINK_ORDER);
              record->continuation = TRUE;
              g_free (key);
            }
          else
            g_hash_table_insert (orders, key, GUINT_TO_POINTER (i));
        }
      /* One source's records with ids of their own are different people. */
      else if (record->external_id)
        clt_matcher_set_group (load->matcher, i, (guint) record->source_id);

      if (!full && record->resolved && record->profile_id != 0)
        clt_matcher_set_existing (load->matcher, i, (guint) record->profile_id);
    }

  if (!(identifiers = _clt_workspace_prepare (load->workspace,
          "SELECT kind, value, record_id FROM record_identifiers ORDER BY kind, value, record_id", error)))
    return FALSE;
  while ((status = sqlite3_step (identifiers)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (identifiers, 0);
      const char *value = (const char *) sqlite3_column_text (identifiers, 1);
      guint index;

      if (!index_of (load, sqlite3_column_int64 (identifiers, 2), &index))
        continue;
      if (g_strcmp0 (kind, last_kind) != 0 || g_strcmp0 (value, last_value) != 0)
        {
          link_group (load, group, g_strcmp0 (last_kind, "card") == 0 ? CLT_MATCH_LINK_CARD : CLT_MATCH_LINK_EMAIL);
          g_free (last_kind);
          g_free (last_value);
          last_kind = g_strdup (kind);
          last_value = g_strdup (value);
          g_array_set_size (group, 0);
        }
      g_array_append_val (group, index);
    }
  link_group (load, group, g_strcmp0 (last_kind, "card") == 0 ? CLT_MATCH_LINK_CARD : CLT_MATCH_LINK_EMAIL);
  if (status != SQLITE_DONE)
    {
      _clt_workspace_set_error (load->workspace, error, _("Could not read the source records"));
      return FALSE;
    }

  if (!(decisions = _clt_workspace_prepare (load->workspace,
          "SELECT record_a, record_b, decision FROM match_decisions ORDER BY id", error)))
    return FALSE;
  /* The latest decision on a pair holds: a split overrides an earlier "same". */
  while ((status = sqlite3_step (decisions)) == SQLITE_ROW)
    {
      guint a, b;

      if (!index_of (load, sqlite3_column_int64 (decisions, 0), &a) ||
          !index_of (load, sqlite3_column_int64 (decisions, 1), &b) || a == b)
        continue;
      g_hash_table_insert (latest, PAIR_KEY (a, b),
                           GINT_TO_POINTER (g_str_equal ((const char *) sqlite3_column_text (decisions, 2), "same") ? 1 : 2));
    }
  if (status != SQLITE_DONE)
    {
      _clt_workspace_set_error (load->workspace, error, _("Could not read the decisions"));
      return FALSE;
    }

  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, &pair, &decision))
    {
      guint a = GPOINTER_TO_SIZE (pair) >> 32, b = GPOINTER_TO_SIZE (pair) & G_MAXUINT32;

      if (GPOINTER_TO_INT (decision) == 1)
        clt_matcher_add_link (load->matcher, a, b, CLT_MATCH_LINK_CONFIRMED);
      else
        clt_matcher_add_cannot_link (load->matcher, a, b);
    }

  return TRUE;
}

static const char *
link_rule (CltMatchLink link)
{
  static const char * const rules[] = { "alone", "score", "email", "card", "order", "confirmed", "existing" };

  return rules[link];
}

static CltMatchEvidence *
evidence_new (Load  *load,
              guint  a,
              guint  b)
{
  CltMatchEvidence *evidence = g_new0 (CltMatchEvidence, 1);
  const Record *ra = &g_array_index (load->records, Record, a);
  const Record *rb = &g_array_index (load->records, Record, b);
  const char *values_a[CLT_MATCH_N_FIELDS], *values_b[CLT_MATCH_N_FIELDS];

  evidence->record_a = ra->golden.record_id;
  evidence->record_b = rb->golden.record_id;
  evidence->score = clt_matcher_explain (load->matcher, a, b, evidence->levels, evidence->weights);
  evidence->prior = evidence->score;
  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    evidence->prior -= evidence->weights[f];

  clt_golden_candidate_match_values (&ra->golden, values_a);
  clt_golden_candidate_match_values (&rb->golden, values_b);
  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    {
      evidence->values_a[f] = g_strdup (values_a[f]);
      evidence->values_b[f] = g_strdup (values_b[f]);
    }

  return evidence;
}

void
clt_match_evidence_free (CltMatchEvidence *evidence)
{
  if (evidence == NULL)
    return;

  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    {
      g_free (evidence->values_a[f]);
      g_free (evidence->values_b[f]);
    }
  g_free (evidence);
}

/**
 * clt_match_evidence_to_json:
 *
 * Returns: the score, the prior and each field's level and weight as JSON, without the values
 */
char *
clt_match_evidence_to_json (const CltMatchEvidence *evidence)
{
  GString *out = g_string_new (NULL);
  char score[G_ASCII_DTOSTR_BUF_SIZE], prior[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (evidence != NULL, NULL);

  g_ascii_formatd (score, sizeof score, "%.3f", evidence->score);
  g_ascii_formatd (prior, sizeof prior, "%.3f", evidence->prior);
  g_string_append_printf (out, "{\"score\":%s,\"prior\":%s,\"fields\":{", score, prior);
  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    {
      char weight[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (weight, sizeof weight, "%.3f", evidence->weights[f]);
      g_string_append_printf (out, "%s\"%s\":{\"level\":\"%s\",\"weight\":%s}", f > 0 ? "," : "",
                              clt_match_field_get_id (f), clt_match_level_get_id (evidence->levels[f]), weight);
    }
  g_string_append (out, "}}");

  return g_string_free (out, FALSE);
}

static int
by_size (gconstpointer a,
         gconstpointer b)
{
  const GArray *x = *(GArray * const *) a, *y = *(GArray * const *) b;

  return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

/* The profile id most of the cluster's records already have, if no larger cluster took it. */
static gint64
inherited_profile (Load       *load,
                   GArray     *members,
                   GHashTable *taken)
{
  gint64 best = 0;
  guint best_count = 0;

  for (guint i = 0; i < members->len; i++)
    {
      gint64 id = g_array_index (load->records, Record, g_array_index (members, guint, i)).profile_id;
      guint count = 0;

      if (id == 0 || g_hash_table_contains (taken, GSIZE_TO_POINTER (id)))
        continue;
      for (guint j = 0; j < members->len; j++)
        count += g_array_index (load->records, Record, g_array_index (members, guint, j)).profile_id == id;
      if (count > best_count || (count == best_count && id < best))
        {
          best = id;
          best_count = count;
        }
    }

  return best;
}

typedef struct
{
  GArray *members;
  gint64  profile_id;
  gboolean changed;
} Cluster;

static int
by_profile_id (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GArray *clusters = user_data;
  gint64 x = g_array_index (clusters, Cluster, *(const guint *) a).profile_id;
  gint64 y = g_array_index (clusters, Cluster, *(const guint *) b).profile_id;

  return x < y ? -1 : x > y;
}

static gboolean
step_reset (CltWorkspace  *workspace,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  gboolean ok = _clt_workspace_step_done (workspace, stmt, error);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return ok;
}

/* Writes clusters back as profiles, the golden values of every changed one, the links and
 * the review queue. Runs inside the caller's transaction. */
static gboolean
write_profiles (CltResolver  *self,
                Load         *load,
                gboolean      full,
                const char   *now,
                GError      **error)
{
  CltWorkspace *workspace = load->workspace;
  g_autoptr(GHashTable) by_root = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) touched = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) clusters = g_array_new (FALSE, TRUE, sizeof (Cluster));
  g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (CltGoldenCandidate));
  g_autoptr(CltGoldenWriter) writer = NULL;
  g_autoptr(sqlite3_stmt) insert_profile = NULL;
  g_autoptr(sqlite3_stmt) update_record = NULL;
  g_autoptr(sqlite3_stmt) move_events = NULL;
  g_autoptr(sqlite3_stmt) insert_link = NULL;
  g_autoptr(sqlite3_stmt) delete_profile = NULL;
  g_autoptr(sqlite3_stmt) insert_review = NULL;
  g_autofree guint *cluster_of = NULL;
  g_autofree guint *by_profile = NULL;
  gint64 start = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key;

  if (!(writer = clt_golden_writer_new (workspace, error)) ||
      !(insert_profile = _clt_workspace_prepare (workspace,
          "INSERT INTO profiles (created_at, updated_at) VALUES (?1, ?1)", error)) ||
      !(update_record = _clt_workspace_prepare (workspace,
          "UPDATE source_records SET profile_id = ?2 WHERE id = ?1", error)) ||
      !(move_events = _clt_workspace_prepare (workspace,
          "UPDATE events SET profile_id = ?2 WHERE source_record_id = ?1", error)) ||
      !(insert_link = _clt_workspace_prepare (workspace,
          "INSERT OR REPLACE INTO record_links (record_id, rule, partner_id, score) VALUES (?1, ?2, ?3, ?4)", error)) ||
      !(delete_profile = _clt_workspace_prepare (workspace, "DELETE FROM profiles WHERE id = ?1", error)) ||
      !(insert_review = _clt_workspace_prepare (workspace,
          "INSERT OR IGNORE INTO review_pairs (record_a, record_b, score, evidence, created_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    return FALSE;

  for (guint i = 0; i < load->records->len; i++)
    {
      gpointer root = GUINT_TO_POINTER (clt_matcher_get_cluster (load->matcher, i));
      GArray *members = g_hash_table_lookup (by_root, root);

      if (members == NULL)
        {
          members = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_root, root, members);
          g_ptr_array_add (groups, members);
        }
      g_array_append_val (members, i);
    }
  /* Larger clusters keep their profile ids first. */
  g_ptr_array_sort (groups, by_size);

  /* Each cluster's profile: the one most of its records had, or a new one. */
  cluster_of = g_new (guint, MAX (load->records->len, 1));
  for (guint c = 0; c < groups->len; c++)
    {
      Cluster cluster = { g_ptr_array_index (groups, c), 0, full };

      cluster.profile_id = inherited_profile (load, cluster.members, taken);
      if (cluster.profile_id == 0)
        {
          sqlite3_bind_text (insert_profile, 1, now, -1, SQLITE_STATIC);
          if (!step_reset (workspace, insert_profile, error))
            return FALSE;
          cluster.profile_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));
        }
      g_hash_table_add (taken, GSIZE_TO_POINTER (cluster.profile_id));
      for (guint i = 0; i < cluster.members->len; i++)
        cluster_of[g_array_index (cluster.members, guint, i)] = c;
      g_array_append_val (clusters, cluster);
    }

  /* The records that moved or are new, in the order of their ids, as they are stored. */
  for (guint i = 0; i < load->records->len; i++)
    {
      Record *record = &g_array_index (load->records, Record, i);
      Cluster *cluster = &g_array_index (clusters, Cluster, cluster_of[i]);

      if (record->profile_id == cluster->profile_id && record->resolved)
        continue;
      cluster->changed = TRUE;
      if (record->profile_id != cluster->profile_id)
        {
          sqlite3_bind_int64 (update_record, 1, record->golden.record_id);
          sqlite3_bind_int64 (update_record, 2, cluster->profile_id);
          if (!step_reset (workspace, update_record, error))
            return FALSE;
          sqlite3_bind_int64 (move_events, 1, record->golden.record_id);
          sqlite3_bind_int64 (move_events, 2, cluster->profile_id);
          if (!step_reset (workspace, move_events, error))
            return FALSE;
          if (record->profile_id != 0)
            g_hash_table_add (touched, GSIZE_TO_POINTER (record->profile_id));
        }
      record->profile_id = cluster->profile_id;
      record->resolved = TRUE;
    }

  g_debug ("write: profiles and records %.2f s", (g_get_monotonic_time () - start) / 1e6);

  /* A profile whose records all went elsewhere is gone. */
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (taken, key))
      {
        sqlite3_bind_int64 (delete_profile, 1, GPOINTER_TO_SIZE (key));
        if (!step_reset (workspace, delete_profile, error))
          return FALSE;
      }

  /* A full run writes every record's link anew. */
  if (full && !_clt_workspace_exec (workspace, "DELETE FROM record_links", error))
    return FALSE;

  /* In the order of the profiles, so that their values are written where they are stored. */
  by_profile = g_new (guint, MAX (clusters->len, 1));
  for (guint c = 0; c < clusters->len; c++)
    by_profile[c] = c;
  g_sort_array (by_profile, clusters->len, sizeof (guint), by_profile_id, clusters);

  for (guint k = 0; k < clusters->len; k++)
    {
      Cluster *cluster = &g_array_index (clusters, Cluster, by_profile[k]);

      cluster->changed |= g_hash_table_contains (touched, GSIZE_TO_POINTER (cluster->profile_id));
      if (!cluster->changed)
        continue;

      g_array_set_size (candidates, 0);
      for (guint i = 0; i < cluster->members->len; i++)
        g_array_append_val (candidates, g_array_index (load->records, Record, g_array_index (cluster->members, guint, i)).golden);
      if (!clt_golden_writer_write (writer, cluster->profile_id, (const CltGoldenCandidate *) candidates->data,
                                    candidates->len, error))
        return FALSE;
    }

  g_debug ("write: golden values %.2f s", (g_get_monotonic_time () - start) / 1e6);

  /* Why each record of a changed profile is there. */
  for (guint i = 0; i < load->records->len; i++)
    {
      const Record *record = &g_array_index (load->records, Record, i);
      guint partner = 0;
      double score = 0;
      CltMatchLink link;

      if (!g_array_index (clusters, Cluster, cluster_of[i]).changed)
        continue;
      link = clt_matcher_get_reason (load->matcher, i, &partner, &score);
      if (link == CLT_MATCH_LINK_EXISTING)
        continue;
      sqlite3_bind_int64 (insert_link, 1, record->golden.record_id);
      sqlite3_bind_text (insert_link, 2, link_rule (link), -1, SQLITE_STATIC);
      if (link != CLT_MATCH_LINK_NONE)
        sqlite3_bind_int64 (insert_link, 3, g_array_index (load->records, Record, partner).golden.record_id);
      if (link == CLT_MATCH_LINK_SCORE)
        sqlite3_bind_double (insert_link, 4, score);
      if (!step_reset (workspace, insert_link, error))
        return FALSE;
    }

  g_debug ("write: links %.2f s", (g_get_monotonic_time () - start) / 1e6);

  /* The review queue: pairs that are now in one profile have been settled. */
  if (!_clt_workspace_exec (workspace, full ? "DELETE FROM review_pairs" :
          "DELETE FROM review_pairs WHERE (SELECT profile_id FROM source_records WHERE id = record_a) = "
          "(SELECT profile_id FROM source_records WHERE id = record_b)", error))
    return FALSE;
  for (guint i = 0; i < clt_matcher_get_n_review (load->matcher); i++)
    {
      guint a, b;
      g_autoptr(CltMatchEvidence) evidence = NULL;
      g_autofree char *json = NULL;

      clt_matcher_get_review (load->matcher, i, &a, &b);
      evidence = evidence_new (load, MIN (a, b), MAX (a, b));
      json = clt_match_evidence_to_json (evidence);
      sqlite3_bind_int64 (insert_review, 1, evidence->record_a);
      sqlite3_bind_int64 (insert_review, 2, evidence->record_b);
      sqlite3_bind_double (insert_review, 3, evidence->score);
      sqlite3_bind_text (insert_review, 4, json, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_review, 5, now, -1, SQLITE_STATIC);
      if (!step_reset (workspace, insert_review, error))
        return FALSE;
    }

  self->n_profiles = clusters->len;
  g_debug ("write: review queue %.2f s", (g_get_monotonic_time () - start) / 1e6);

  return TRUE;
}

static gboolean
count_review (CltResolver   *self,
              CltWorkspace  *workspace,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT count(*) FROM review_pairs WHERE answer IS NULL", error)))
    return FALSE;
  sqlite3_step (stmt);
  self->n_review = sqlite3_column_int (stmt, 0);

  return TRUE;
}

static gboolean
cancelled (GCancellable  *cancellable,
           GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/**
 * clt_resolver_run:
 *
 * Resolves the workspace's records into profiles, in one transaction: a failed or
 * cancelled run leaves the workspace as it was. Without #CltResolver:full, and once a full
 * run has estimated the model, only new and changed records are compared.
 */
gboolean
clt_resolver_run (CltResolver   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_auto(Load) load = { 0 };
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = g_date_time_format (now_time, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *model = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *through = NULL;
  g_autofree char *model_records_text = NULL;
  g_autofree char *last_id = NULL;
  g_autofree char *n_records_text = NULL;
  gint64 model_records;
  gint64 resolved_through;
  double upper, lower;
  gboolean full;
  gint64 start, phase;

  g_return_val_if_fail (CLT_IS_RESOLVER (self), FALSE);

  start = phase = g_get_monotonic_time ();
  memset (self->seconds, 0, sizeof self->seconds);
  if (!(load.workspace = clt_workspace_open (self->workspace_path, error)))
    return FALSE;
  clt_workspace_set_actor (load.workspace, self->actor);

  /* A run touches every record and profile: a page cache that holds them (256 MiB). */
  if (!_clt_workspace_exec (load.workspace, "PRAGMA cache_size = -262144", error))
    return FALSE;

  clt_identity_get_thresholds (load.workspace, &upper, &lower);
  model = self->full ? NULL : get_meta (load.workspace, "match_model");
  through = get_meta (load.workspace, "resolved_through");
  model_records_text = get_meta (load.workspace, "match_model_records");

  if (!_clt_workspace_begin (load.workspace, error))
    return FALSE;
  resolved_through = self->full ? 0 : g_ascii_strtoll (through ? through : "0", NULL, 10);
  if (!load_records (&load, resolved_through, error))
    goto failed;
  /* A model estimated on few records, or on far fewer than there are now, is estimated
   * anew: a later run reuses it only while it still describes the data. */
  model_records = g_ascii_strtoll (model_records_text ? model_records_text : "0", NULL, 10);
  full = model == NULL || model_records < MODEL_MIN_RECORDS || model_records * 2 < load.records->len ||
         !clt_matcher_set_model (load.matcher, model);
  g_debug ("load: records %.2f s", (g_get_monotonic_time () - phase) / 1e6);

  self->n_records = load.records->len;
  self->n_compared = 0;
  if (!self->full && resolved_through > 0 && load.n_new == 0)
    {
      /* Nothing new since the last run. */
      g_autoptr(sqlite3_stmt) count = _clt_workspace_prepare (load.workspace, "SELECT count(*) FROM profiles", error);

      if (count == NULL)
        goto failed;
      sqlite3_step (count);
      self->n_profiles = sqlite3_column_int (count, 0);
      _clt_workspace_rollback (load.workspace);
      return count_review (self, load.workspace, error);
    }

  if (!add_constraints (&load, full, error) || cancelled (cancellable, error))
    goto failed;
  self->seconds[CLT_RESOLVE_PHASE_LOAD] = (g_get_monotonic_time () - phase) / 1e6;

  phase = g_get_monotonic_time ();
  clt_matcher_run (load.matcher, upper, lower);
  self->n_compared = clt_matcher_get_n_compared (load.matcher);
  self->seconds[CLT_RESOLVE_PHASE_MATCH] = (g_get_monotonic_time () - phase) / 1e6;
  if (cancelled (cancellable, error))
    goto failed;

  phase = g_get_monotonic_time ();
  g_clear_pointer (&model, g_free);
  model = clt_matcher_dup_model (load.matcher);
  n_records_text = g_strdup_printf ("%u", load.records->len);
  last_id = g_strdup_printf ("%" G_GINT64_FORMAT, load.records->len ?
                              g_array_index (load.records, Record, load.records->len - 1).golden.record_id : 0);
  if (!write_profiles (self, &load, full, now, error) ||
      !count_review (self, load.workspace, error) ||
      !_clt_workspace_exec (load.workspace, "DELETE FROM unresolved_records", error) ||
      !set_meta (load.workspace, "resolved_through", last_id, error) ||
      !set_meta (load.workspace, "match_model", model, error) ||
      (full && !set_meta (load.workspace, "match_model_records", n_records_text, error)) ||
      !set_meta (load.workspace, "resolved_at", now, error))
    goto failed;

  detail = g_strdup_printf ("{\"full\":%s,\"records\":%u,\"new\":%u,\"profiles\":%u,\"review\":%u,\"compared\":%" G_GUINT64_FORMAT "}",
                            full ? "true" : "false", self->n_records, load.n_new, self->n_profiles,
                            self->n_review, self->n_compared);
  if (!clt_workspace_audit (load.workspace, NULL, "resolve", NULL, 0, detail, error) ||
      cancelled (cancellable, error) ||
      !_clt_workspace_commit (load.workspace, error))
    goto failed;
  g_debug ("write: committed after %.2f s", (g_get_monotonic_time () - phase) / 1e6);
  self->seconds[CLT_RESOLVE_PHASE_WRITE] = (g_get_monotonic_time () - phase) / 1e6;

  g_debug ("resolved %u records into %u profiles in %.2f s", self->n_records, self->n_profiles,
           (g_get_monotonic_time () - start) / 1e6);

  return TRUE;

failed:
  _clt_workspace_rollback (load.workspace);
  return FALSE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (clt_resolver_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
clt_resolver_run_async (CltResolver         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_RESOLVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_resolver_run_async);
  g_task_run_in_thread (task, run_thread);
}

gboolean
clt_resolver_run_finish (CltResolver   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
clt_resolver_get_n_records (CltResolver *self)
{
  g_return_val_if_fail (CLT_IS_RESOLVER (self), 0);

  return self->n_records;
}

guint
clt_resolver_get_n_profiles (CltResolver *self)
{
  g_return_val_if_fail (CLT_IS_RESOLVER (self), 0);

  return self->n_profiles;
}

/**
 * clt_resolver_get_n_merged:
 *
 * Returns: how many records joined another record's profile
 */
guint
clt_resolver_get_n_merged (CltResolver *self)
{
  g_return_val_if_fail (CLT_IS_RESOLVER (self), 0);

  return self->n_records - MIN (self->n_profiles, self->n_records);
}

guint
clt_resolver_get_n_review (CltResolver *self)
{
  g_return_val_if_fail (CLT_IS_RESOLVER (self), 0);

  return self->n_review;
}

guint64
clt_resolver_get_n_compared (CltResolver *self)
{
  g_return_val_if_fail (CLT_IS_RESOLVER (self), 0);

  return self->n_compared;
}

double
clt_resolver_get_seconds (CltResolver     *self,
                          CltResolvePhase  phase)
{
  g_return_val_if_fail (CLT_IS_RESOLVER (self), 0);
  g_return_val_if_fail (phase < CLT_RESOLVE_N_PHASES, 0);

  return self->seconds[phase];
}

/**
 * clt_resolver_explain:
 *
 * Compares two records field by field, by the model of the last full run.
 *
 * Returns: (transfer full): the evidence, or %NULL if a record is unknown or no run has
 *   estimated a model yet
 */
CltMatchEvidence *
clt_resolver_explain (CltResolver  *self,
                      gint64        record_a,
                      gint64        record_b,
                      GError      **error)
{
  g_auto(Load) load = { 0 };
  g_autofree char *model = NULL;
  guint a, b;

  g_return_val_if_fail (CLT_IS_RESOLVER (self), NULL);

  if (!(load.workspace = clt_workspace_open (self->workspace_path, error)) ||
      !load_records (&load, 0, error))
    return NULL;

  model = get_meta (load.workspace, "match_model");
  if (model == NULL || !clt_matcher_set_model (load.matcher, model))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("Duplicates have not been looked for yet: resolve the workspace first."));
      return NULL;
    }
  if (!index_of (&load, record_a, &a) || !index_of (&load, record_b, &b))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED, _("There is no such record."));
      return NULL;
    }

  return evidence_new (&load, a, b);
}
