/* clt-basket-rules.c: association rules mined from baskets, and each customer's next best offer
 *
 * A basket is the items of one purchase event (a receipt or an order), as event_items keeps
 * them. Rules are pairs A → B and triples {A, B} → C (the antecedent is then both):
 *   support    baskets holding A and B, of all baskets
 *   confidence baskets holding A and B, of the baskets holding A
 *   lift       confidence over B's own share of all baskets: above 1, A makes B likelier
 *
 * A rule is kept when A and B are together in at least 0.5 % of the baskets (but 20 baskets
 * are always enough, and 2 always needed), its confidence is at least 10 % and its lift is
 * above 1; the best MAX_RULES by lift are stored. The same thresholds hold for triples.
 * Pairs are counted only among items that are themselves in enough baskets, triples only
 * where all three of their pairs are (apriori), and neither in baskets of more than
 * MAX_BASKET_ITEMS items (a stock-taking or bulk order says nothing about what goes
 * together); those baskets still count as baskets. Triples are counted while the item ids
 * fit in 21 bits (two million products).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-basket-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdlib.h>

#include "clt-insights-private.h"
#include "clt-workspace-private.h"

#define MIN_SUPPORT        0.005
#define MIN_BASKETS_ENOUGH 20
#define MIN_BASKETS_NEEDED 2
#define MIN_CONFIDENCE     0.1
#define MAX_RULES          5000
#define MAX_BASKET_ITEMS   64
#define CHECK_EVERY        65536

void
clt_basket_rule_free (CltBasketRule *rule)
{
  g_strfreev (rule->antecedent);
  g_free (rule->consequent);
  g_free (rule);
}

void
clt_insights_offer_free (CltInsightsOffer *offer)
{
  g_free (offer->product);
  g_strfreev (offer->because);
  g_free (offer);
}

/* The baskets in memory: items[offsets[i] .. offsets[i + 1]) are basket i's item ids. */
typedef struct
{
  GArray *offsets;   /* guint32, one more than baskets */
  GArray *items;     /* guint32 */
  guint32 *counts;   /* baskets per item id */
  gint64   n_ids;
} Baskets;

static void
baskets_clear (Baskets *baskets)
{
  g_clear_pointer (&baskets->offsets, g_array_unref);
  g_clear_pointer (&baskets->items, g_array_unref);
  g_clear_pointer (&baskets->counts, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Baskets, baskets_clear)

/* Reads every basket, in one read transaction, with the commit count it saw. */
static gboolean
read_baskets (CltWorkspace             *workspace,
              Baskets                  *baskets,
              gint64                   *data_seen,
              GCancellable             *cancellable,
              CltInsightsProgressFunc   progress,
              gpointer                  data,
              GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 current = -1, total, done = 0;
  guint32 zero = 0;
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;

  if (!_clt_workspace_exec (workspace, "BEGIN", error))
    return FALSE;

  *data_seen = _clt_workspace_get_data_changes (workspace);
  baskets->n_ids = _clt_insights_query_int (workspace, "SELECT coalesce (max (id), 0) + 1 FROM event_item_names");
  total = _clt_insights_query_int (workspace, "SELECT count (*) FROM event_items");
  baskets->counts = g_new0 (guint32, baskets->n_ids);
  baskets->offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  baskets->items = g_array_sized_new (FALSE, FALSE, sizeof (guint32), total);
  g_array_append_val (baskets->offsets, zero);

  /* The index event_items_event holds the whole key: the rows come by event. */
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT event_id, item_id FROM event_items INDEXED BY event_items_event "
          "WHERE kind IN " CLT_INSIGHTS_PURCHASE_KINDS " ORDER BY event_id", error)))
    ok = FALSE;

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 event = sqlite3_column_int64 (stmt, 0);
      gint64 item = sqlite3_column_int64 (stmt, 1);
      guint32 id = (guint32) item;

      if (++done % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (progress)
            progress (0.5 * MIN (1.0, (double) done / MAX (total, 1)), data);
        }
      if (item <= 0 || item >= baskets->n_ids)
        continue;

      if (event != current && current != -1)
        {
          guint32 end = baskets->items->len;

          g_array_append_val (baskets->offsets, end);
        }
      current = event;
      g_array_append_val (baskets->items, id);
      baskets->counts[id]++;
    }

  if (ok && rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the baskets"));
      ok = FALSE;
    }
  if (ok && current != -1)
    {
      guint32 end = baskets->items->len;

      g_array_append_val (baskets->offsets, end);
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  _clt_workspace_exec (workspace, "COMMIT", NULL);

  return ok;
}

/* Pair keys (smaller id << 32 | larger id) kept in pointers, hashed on all their bits. */
static guint
pair_hash (gconstpointer key)
{
  guint64 k = GPOINTER_TO_SIZE (key);

  k ^= k >> 33;
  k *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  k ^= k >> 33;

  return (guint) k;
}

typedef struct
{
  guint32 antecedent[2];
  guint   n_antecedent;
  guint32 consequent;
  guint32 together;
  double  support;
  double  confidence;
  double  lift;
} Rule;

static int
compare_rules (const void *a,
               const void *b)
{
  const Rule *x = a;
  const Rule *y = b;

  if (x->lift != y->lift)
    return x->lift > y->lift ? -1 : 1;
  if (x->confidence != y->confidence)
    return x->confidence > y->confidence ? -1 : 1;
  if (x->n_antecedent != y->n_antecedent)
    return x->n_antecedent < y->n_antecedent ? -1 : 1;
  for (guint i = 0; i < x->n_antecedent; i++)
    if (x->antecedent[i] != y->antecedent[i])
      return x->antecedent[i] < y->antecedent[i] ? -1 : 1;

  return x->consequent < y->consequent ? -1 : x->consequent > y->consequent;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static gpointer
pair_key (guint32 a,
          guint32 b)
{
  return GSIZE_TO_POINTER ((guint64) MIN (a, b) << 32 | MAX (a, b));
}

#define TRIPLE_BITS 21

/* Adds a rule @antecedent → @consequent held by @together baskets, when it passes. */
static void
add_rule (GArray        *rules,
          const Baskets *baskets,
          guint          n_baskets,
          const guint32 *antecedent,
          guint          n_antecedent,
          guint32        antecedent_baskets,
          guint32        consequent,
          guint32        together)
{
  Rule rule = { { antecedent[0], n_antecedent > 1 ? antecedent[1] : 0 }, n_antecedent, consequent, together,
                (double) together / n_baskets, (double) together / antecedent_baskets, 0 };

  rule.lift = rule.confidence / ((double) baskets->counts[consequent] / n_baskets);
  if (rule.confidence >= MIN_CONFIDENCE && rule.lift > 1)
    g_array_append_val (rules, rule);
}

/* The frequent items of basket @b, in id order; FALSE for a basket too big to count. */
static gboolean
frequent_items (const Baskets *baskets,
                guint          b,
                guint32        min_baskets,
                GArray        *frequent)
{
  guint32 start = g_array_index (baskets->offsets, guint32, b);
  guint32 end = g_array_index (baskets->offsets, guint32, b + 1);

  g_array_set_size (frequent, 0);
  if (end - start > MAX_BASKET_ITEMS)
    return FALSE;

  for (guint32 i = start; i < end; i++)
    {
      guint32 id = g_array_index (baskets->items, guint32, i);

      if (baskets->counts[id] >= min_baskets)
        g_array_append_val (frequent, id);
    }
  g_array_sort (frequent, compare_ids);

  return TRUE;
}

/* Counts the pairs, then the triples, of frequent items in every basket and makes the rules
 * that pass. */
static GArray *
mine_rules (const Baskets             *baskets,
            guint32                   min_baskets,
            GCancellable             *cancellable,
            CltInsightsProgressFunc   progress,
            gpointer                  data,
            GError                  **error)
{
  g_autoptr(GHashTable) pairs = g_hash_table_new (pair_hash, g_direct_equal);
  g_autoptr(GHashTable) triples = g_hash_table_new (pair_hash, g_direct_equal);
  g_autoptr(GArray) frequent = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  guint n_baskets = baskets->offsets->len - 1;
  gboolean count_triples = baskets->n_ids < (1 << TRIPLE_BITS);
  GHashTableIter iter;
  gpointer key, value;

  for (guint pass = 0; pass < (count_triples ? 2u : 1u); pass++)
    for (guint b = 0; b < n_baskets; b++)
      {
        const guint32 *ids;

        if (b % CHECK_EVERY == 0)
          {
            if (g_cancellable_set_error_if_cancelled (cancellable, error))
              return NULL;
            if (progress)
              progress (0.5 + 0.2 * pass + 0.2 * b / n_baskets, data);
          }
        if (!frequent_items (baskets, b, min_baskets, frequent))
          continue;
        ids = (const guint32 *) frequent->data;

        for (guint i = 0; i < frequent->len; i++)
          for (guint j = i + 1; j < frequent->len; j++)
            {
              gpointer ij = pair_key (ids[i], ids[j]);

              if (pass == 0)
                {
                  g_hash_table_insert (pairs, ij, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (pairs, ij)) + 1));
                  continue;
                }
              if (GPOINTER_TO_UINT (g_hash_table_lookup (pairs, ij)) < min_baskets)
                continue;
              for (guint k = j + 1; k < frequent->len; k++)
                {
                  gpointer triple;

                  if (GPOINTER_TO_UINT (g_hash_table_lookup (pairs, pair_key (ids[i], ids[k]))) < min_baskets ||
                      GPOINTER_TO_UINT (g_hash_table_lookup (pairs, pair_key (ids[j], ids[k]))) < min_baskets)
                    continue;
                  triple = GSIZE_TO_POINTER ((guint64) ids[i] << (2 * TRIPLE_BITS) | (guint64) ids[j] << TRIPLE_BITS | ids[k]);
                  g_hash_table_insert (triples, triple,
                                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (triples, triple)) + 1));
                }
            }
      }

  g_hash_table_iter_init (&iter, pairs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint64 pair = GPOINTER_TO_SIZE (key);
      guint32 together = GPOINTER_TO_UINT (value);
      guint32 ids[2] = { pair >> 32, pair & G_MAXUINT32 };

      if (together < min_baskets)
        continue;
      for (guint d = 0; d < 2; d++)
        add_rule (rules, baskets, n_baskets, &ids[d], 1, baskets->counts[ids[d]], ids[1 - d], together);
    }

  g_hash_table_iter_init (&iter, triples);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint64 triple = GPOINTER_TO_SIZE (key);
      guint32 together = GPOINTER_TO_UINT (value);
      guint32 mask = (1 << TRIPLE_BITS) - 1;
      guint32 ids[3] = { triple >> (2 * TRIPLE_BITS), (triple >> TRIPLE_BITS) & mask, triple & mask };

      if (together < min_baskets)
        continue;
      /* Each item in turn is the consequent of the other two (in id order). */
      for (guint c = 0; c < 3; c++)
        {
          guint32 antecedent[2] = { ids[c == 0 ? 1 : 0], ids[c == 2 ? 1 : 2] };
          guint32 both = GPOINTER_TO_UINT (g_hash_table_lookup (pairs, pair_key (antecedent[0], antecedent[1])));

          add_rule (rules, baskets, n_baskets, antecedent, 2, both, ids[c], together);
        }
    }

  /* An empty array has no data to sort. */
  if (rules->len > 1)
    qsort (rules->data, rules->len, sizeof (Rule), compare_rules);
  if (rules->len > MAX_RULES)
    g_array_set_size (rules, MAX_RULES);

  return g_steal_pointer (&rules);
}

static char *
item_name (sqlite3_stmt *names,
           guint32       id)
{
  char *name = NULL;

  sqlite3_bind_int64 (names, 1, id);
  if (sqlite3_step (names) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (names, 0));
  sqlite3_reset (names);

  return name ? name : g_strdup ("");
}

static gboolean
store_rules (CltWorkspace  *workspace,
             GArray        *rules,
             gint64         data_seen,
             JsonNode      *result,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) names = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;

  if (!_clt_workspace_exec (workspace, "DELETE FROM basket_rules", error) ||
      !(names = _clt_workspace_prepare (workspace, "SELECT name FROM event_item_names WHERE id = ?1", error)) ||
      !(insert = _clt_workspace_prepare (workspace,
          "INSERT INTO basket_rules (antecedent, consequent, baskets, support, confidence, lift) "
          "VALUES (CASE WHEN ?7 IS NULL THEN json_array (?1) WHEN ?1 < ?7 THEN json_array (?1, ?7) "
          "  ELSE json_array (?7, ?1) END, ?2, ?3, ?4, ?5, ?6)", error)))
    goto fail;

  for (guint i = 0; i < rules->len; i++)
    {
      const Rule *rule = &g_array_index (rules, Rule, i);
      g_autofree char *antecedent = item_name (names, rule->antecedent[0]);
      g_autofree char *also = rule->n_antecedent > 1 ? item_name (names, rule->antecedent[1]) : NULL;
      g_autofree char *consequent = item_name (names, rule->consequent);

      /* The antecedent's names sorted, as basket_rules keeps them. */
      sqlite3_bind_text (insert, 1, antecedent, -1, SQLITE_TRANSIENT);
      if (also != NULL)
        sqlite3_bind_text (insert, 7, also, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (insert, 7);
      sqlite3_bind_text (insert, 2, consequent, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (insert, 3, rule->together);
      sqlite3_bind_double (insert, 4, rule->support);
      sqlite3_bind_double (insert, 5, rule->confidence);
      sqlite3_bind_double (insert, 6, rule->lift);
      if (!_clt_workspace_step_done (workspace, insert, error))
        goto fail;
      sqlite3_reset (insert);
    }

  if (!_clt_insights_add_run (workspace, "rules", data_seen, result, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  return TRUE;

fail:
  _clt_workspace_rollback (workspace);
  return FALSE;
}

/**
 * _clt_insights_rules_compute:
 *
 * Mines the association rules of all baskets and stores them in basket_rules (replacing
 * all), with a run of the model 'rules', in one write transaction.
 */
gboolean
_clt_insights_rules_compute (CltWorkspace             *workspace,
                             GDateTime                *now,
                             GCancellable             *cancellable,
                             CltInsightsProgressFunc   progress,
                             gpointer                  data,
                             GError                  **error)
{
  g_auto(Baskets) baskets = { 0 };
  g_autoptr(GArray) rules = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) result = NULL;
  gint64 data_seen = 0;
  guint n_baskets;
  guint32 min_baskets;

  if (!read_baskets (workspace, &baskets, &data_seen, cancellable, progress, data, error))
    return FALSE;

  n_baskets = baskets.offsets->len - 1;
  min_baskets = CLAMP ((guint32) ceil (MIN_SUPPORT * n_baskets), MIN_BASKETS_NEEDED, MIN_BASKETS_ENOUGH);
  if (!(rules = mine_rules (&baskets, min_baskets, cancellable, progress, data, error)))
    return FALSE;
  if (progress)
    progress (0.9, data);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "baskets");
  json_builder_add_int_value (builder, n_baskets);
  json_builder_set_member_name (builder, "min_baskets");
  json_builder_add_int_value (builder, min_baskets);
  json_builder_set_member_name (builder, "min_confidence");
  json_builder_add_double_value (builder, MIN_CONFIDENCE);
  json_builder_set_member_name (builder, "rules");
  json_builder_add_int_value (builder, rules->len);
  json_builder_end_object (builder);
  result = json_builder_get_root (builder);

  return store_rules (workspace, rules, data_seen, result, cancellable, error);
}

static char **
strv_of_json_array (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (json_parser_load_from_data (parser, json, -1, NULL) && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      array = json_node_get_array (json_parser_get_root (parser));
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_strv_builder_add (builder, json_array_get_string_element (array, i));
    }

  return g_strv_builder_end (builder);
}

/**
 * clt_insights_list_rules:
 * @limit: at most this many; 0 for all
 *
 * Returns: (transfer full) (element-type CltBasketRule): the stored rules, highest lift first
 */
GPtrArray *
clt_insights_list_rules (CltWorkspace  *workspace,
                         guint          limit,
                         GError       **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_basket_rule_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT antecedent, consequent, baskets, support, confidence, lift FROM basket_rules "
          "ORDER BY lift DESC, confidence DESC, id LIMIT ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltBasketRule *rule = g_new0 (CltBasketRule, 1);

      rule->antecedent = strv_of_json_array ((const char *) sqlite3_column_text (stmt, 0));
      rule->consequent = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      rule->baskets = sqlite3_column_int64 (stmt, 2);
      rule->support = sqlite3_column_double (stmt, 3);
      rule->confidence = sqlite3_column_double (stmt, 4);
      rule->lift = sqlite3_column_double (stmt, 5);
      g_ptr_array_add (rules, rule);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the basket rules"));
      return NULL;
    }

  return g_steal_pointer (&rules);
}

/**
 * clt_insights_dup_offers:
 * @profile_id: the customer
 * @max: at most this many products
 *
 * The next best offers of a customer (machine-suggested): the products that stored rules
 * suggest from what they bought (all of a rule's antecedent) and that they have not bought,
 * each with its most confident rule, most confident first.
 *
 * Returns: (transfer full) (element-type CltInsightsOffer): the offers, or %NULL with @error set
 */
GPtrArray *
clt_insights_dup_offers (CltWorkspace  *workspace,
                         gint64         profile_id,
                         guint          max,
                         GError       **error)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_insights_offer_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "WITH mine AS MATERIALIZED (SELECT DISTINCT n.name FROM events e "
          "  JOIN event_items i ON i.event_id = e.id JOIN event_item_names n ON n.id = i.item_id "
          "  WHERE e.profile_id = ?1 AND e.kind IN " CLT_INSIGHTS_PURCHASE_KINDS ") "
          "SELECT r.consequent, r.antecedent, r.confidence, r.lift FROM basket_rules r "
          "WHERE r.consequent NOT IN mine "
          "  AND NOT EXISTS (SELECT 1 FROM json_each (r.antecedent) a WHERE a.value NOT IN mine) "
          "ORDER BY r.confidence DESC, r.lift DESC, r.consequent, json_array_length (r.antecedent) DESC, r.antecedent",
          error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);

  while (offers->len < max && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *product = (const char *) sqlite3_column_text (stmt, 0);
      CltInsightsOffer *offer;

      if (!g_hash_table_add (seen, g_strdup (product)))
        continue;

      offer = g_new0 (CltInsightsOffer, 1);
      offer->product = g_strdup (product);
      offer->because = strv_of_json_array ((const char *) sqlite3_column_text (stmt, 1));
      offer->confidence = sqlite3_column_double (stmt, 2);
      offer->lift = sqlite3_column_double (stmt, 3);
      g_ptr_array_add (offers, offer);
    }
  if (offers->len < max && rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the next best offers"));
      return NULL;
    }

  return g_steal_pointer (&offers);
}
