/* clt-suggestions.c: audiences proposed by clustering the customers
 *
 * Every customer with a purchase is described by a few features of what they do (how
 * recently and how often they buy, their average basket, where they buy, whether they read
 * the newsletter), each put on one scale (logarithms of counts and amounts, then z-scores).
 * k-means (k-means++ starts, a fixed seed, so the same data gives the same audiences) is
 * fitted on a random sample of at most SAMPLE_MAX customers for each k from 2 to K_MAX,
 * and the k with the best mean silhouette (on at most SILHOUETTE_MAX of them) is kept; then
 * every customer is put in the nearest cluster. A cluster is described by the features
 * where its mean lies at least half a standard deviation from everyone's, and by a city
 * where it is concentrated.
 *
 * Features that are sensitive are never used, by rule: anything derived from age (the
 * birthday) and anything that hints at financial distress. The catalogue below says which;
 * the run records what was left out and why.
 *
 * The run is kept in insight_runs (model 'suggestions'): the scale, the centroids and the
 * descriptors, so that the description is made in the reader's language and a suggestion
 * turned into a segment holds exactly the customers nearest its centroid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-suggestions"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "clt-audience-suggestion-private.h"
#include "clt-segment-store.h"
#include "clt-suggestions.h"
#include "clt-workspace-private.h"

#define N_FEATURES 6
#define K_MAX 6
#define SAMPLE_MAX 20000
#define SILHOUETTE_MAX 2000
#define MIN_CUSTOMERS 50
#define ITERATIONS_MAX 100
/* How far (in standard deviations) a cluster's mean must lie from everyone's to describe it. */
#define DESCRIBE_FROM 0.5

typedef enum
{
  FEATURE_RECENCY,
  FEATURE_ORDERS,
  FEATURE_BASKET,
  FEATURE_LOYALTY,
  FEATURE_SHOP,
  FEATURE_NEWSLETTER,
} Feature;

typedef struct
{
  const char *key;
  const char *label;
  /* the descriptors for a mean above and below everyone's; NULL: not described that way */
  const char *above;
  const char *below;
} FeatureInfo;

static const FeatureInfo features[N_FEATURES] = {
  { "recency", N_("days since the last activity"), "lapsed", "recent" },
  { "orders", N_("number of purchases"), "frequent", "rare" },
  { "basket", N_("average basket"), "big-baskets", "small-baskets" },
  { "loyalty", N_("buys with the loyalty card"), "loyalty-card", NULL },
  { "shop", N_("orders in the web shop"), "online-shop", NULL },
  { "newsletter", N_("reads the newsletter"), "newsletter", NULL },
};

/* Never used, whatever the data holds. */
static const struct { const char *key; const char *reason; } excluded[] = {
  { "age", N_("derived from the birthday: age is sensitive") },
  { "payment_problems", N_("a sign of financial distress") },
};

typedef struct
{
  gint64 *ids;
  float  *x;        /* n × N_FEATURES, scaled */
  char  **cities;   /* case-folded, or NULL */
  gsize   n;
  gsize   allocated;
  double  mean[N_FEATURES];
  double  sd[N_FEATURES];
} Customers;

static void
customers_clear (Customers *c)
{
  for (gsize i = 0; i < c->n; i++)
    g_free (c->cities[i]);
  g_free (c->cities);
  g_free (c->ids);
  g_free (c->x);
}

/* The raw features of one row of FEATURES_SQL, before scaling. */
static void
row_features (sqlite3_stmt *stmt,
              float        *out)
{
  double days = MAX (sqlite3_column_double (stmt, 1), 0);
  double orders = MAX (sqlite3_column_double (stmt, 2), 1);
  double spend = MAX (sqlite3_column_double (stmt, 3), 0) / 100.0;
  gint64 sources = sqlite3_column_int64 (stmt, 4);

  out[FEATURE_RECENCY] = log1p (days);
  out[FEATURE_ORDERS] = log1p (orders);
  out[FEATURE_BASKET] = log1p (spend / orders);
  /* CltSourceCategory bits of profile_facts.sources */
  out[FEATURE_LOYALTY] = (sources & 4) ? 1 : 0;
  out[FEATURE_SHOP] = (sources & 2) ? 1 : 0;
  out[FEATURE_NEWSLETTER] = (sources & 8) ? 1 : 0;
}

#define FEATURES_SQL \
  "SELECT profile_id, julianday (?1) - julianday (last_activity), orders, spend_cents, sources, " \
  "nullif (city_key, '') FROM profile_facts WHERE orders > 0 ORDER BY profile_id"

/* Reads every customer with a purchase; scales with @mean and @sd when given (a kept run),
 * else with their own. */
static gboolean
read_customers (CltWorkspace  *workspace,
                GDateTime     *now,
                const double  *mean,
                const double  *sd,
                Customers     *c,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *iso = g_date_time_format_iso8601 (now);
  int rc;

  if (!(stmt = _clt_workspace_prepare (workspace, FEATURES_SQL, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, iso, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *city = (const char *) sqlite3_column_text (stmt, 5);

      if (c->n == c->allocated)
        {
          c->allocated = MAX (1024, c->allocated * 2);
          c->ids = g_renew (gint64, c->ids, c->allocated);
          c->x = g_renew (float, c->x, c->allocated * N_FEATURES);
          c->cities = g_renew (char *, c->cities, c->allocated);
        }
      c->ids[c->n] = sqlite3_column_int64 (stmt, 0);
      row_features (stmt, &c->x[c->n * N_FEATURES]);
      c->cities[c->n] = g_strdup (city);
      c->n++;
      if (c->n % 65536 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, "suggestions");
      return FALSE;
    }

  for (guint f = 0; f < N_FEATURES; f++)
    {
      if (mean != NULL)
        {
          c->mean[f] = mean[f];
          c->sd[f] = sd[f];
        }
      else
        {
          double sum = 0, squares = 0;

          for (gsize i = 0; i < c->n; i++)
            sum += c->x[i * N_FEATURES + f];
          c->mean[f] = c->n > 0 ? sum / c->n : 0;
          for (gsize i = 0; i < c->n; i++)
            squares += (c->x[i * N_FEATURES + f] - c->mean[f]) * (c->x[i * N_FEATURES + f] - c->mean[f]);
          c->sd[f] = c->n > 1 ? sqrt (squares / (c->n - 1)) : 0;
        }
      for (gsize i = 0; i < c->n; i++)
        c->x[i * N_FEATURES + f] = c->sd[f] > 0 ? (c->x[i * N_FEATURES + f] - c->mean[f]) / c->sd[f] : 0;
    }

  return TRUE;
}

static double
distance2 (const float  *a,
           const double *b)
{
  double d = 0;

  for (guint f = 0; f < N_FEATURES; f++)
    d += (a[f] - b[f]) * (a[f] - b[f]);

  return d;
}

static guint
nearest (const float  *point,
         const double *centroids,
         guint         k)
{
  guint best = 0;
  double best_d = G_MAXDOUBLE;

  for (guint j = 0; j < k; j++)
    {
      double d = distance2 (point, &centroids[j * N_FEATURES]);

      if (d < best_d)
        {
          best_d = d;
          best = j;
        }
    }

  return best;
}

/* k-means on the @n points of @sample (indexes into @c), k-means++ starts from @rand; the
 * centroids go to @centroids (k × N_FEATURES) and each point's cluster to @labels. */
static void
kmeans (const Customers *c,
        const gsize     *sample,
        gsize            n,
        guint            k,
        GRand           *rand,
        double          *centroids,
        guint           *labels)
{
  g_autofree double *d2 = g_new (double, n);
  g_autofree double *sums = g_new (double, k * N_FEATURES);
  g_autofree gsize *counts = g_new (gsize, k);

  /* k-means++: the first centre at random, each next one with probability ∝ distance². */
  {
    const float *first = &c->x[sample[g_rand_int_range (rand, 0, (gint32) n)] * N_FEATURES];

    for (guint f = 0; f < N_FEATURES; f++)
      centroids[f] = first[f];
  }
  for (guint j = 1; j < k; j++)
    {
      double total = 0, pick;
      gsize chosen = n - 1;

      for (gsize i = 0; i < n; i++)
        {
          const float *p = &c->x[sample[i] * N_FEATURES];
          double best = G_MAXDOUBLE;

          for (guint m = 0; m < j; m++)
            best = MIN (best, distance2 (p, &centroids[m * N_FEATURES]));
          d2[i] = best;
          total += best;
        }
      pick = g_rand_double (rand) * total;
      for (gsize i = 0; i < n; i++)
        if ((pick -= d2[i]) <= 0)
          {
            chosen = i;
            break;
          }
      for (guint f = 0; f < N_FEATURES; f++)
        centroids[j * N_FEATURES + f] = c->x[sample[chosen] * N_FEATURES + f];
    }

  for (guint iteration = 0; iteration < ITERATIONS_MAX; iteration++)
    {
      gboolean moved = FALSE;

      for (gsize i = 0; i < n; i++)
        {
          guint label = nearest (&c->x[sample[i] * N_FEATURES], centroids, k);

          moved |= iteration == 0 || label != labels[i];
          labels[i] = label;
        }
      if (!moved)
        break;

      memset (sums, 0, k * N_FEATURES * sizeof (double));
      memset (counts, 0, k * sizeof (gsize));
      for (gsize i = 0; i < n; i++)
        {
          counts[labels[i]]++;
          for (guint f = 0; f < N_FEATURES; f++)
            sums[labels[i] * N_FEATURES + f] += c->x[sample[i] * N_FEATURES + f];
        }
      /* An emptied cluster keeps its centre. */
      for (guint j = 0; j < k; j++)
        for (guint f = 0; f < N_FEATURES && counts[j] > 0; f++)
          centroids[j * N_FEATURES + f] = sums[j * N_FEATURES + f] / counts[j];
    }
}

/* The mean silhouette of the first @n points of @sample with their @labels. */
static double
silhouette (const Customers *c,
            const gsize     *sample,
            gsize            n,
            const guint     *labels,
            guint            k)
{
  g_autofree double *sum = g_new (double, k);
  g_autofree gsize *count = g_new (gsize, k);
  double total = 0;

  for (gsize i = 0; i < n; i++)
    {
      const float *p = &c->x[sample[i] * N_FEATURES];
      double a, b = G_MAXDOUBLE;

      memset (sum, 0, k * sizeof (double));
      memset (count, 0, k * sizeof (gsize));
      for (gsize o = 0; o < n; o++)
        {
          const float *q = &c->x[sample[o] * N_FEATURES];
          double d = 0;

          if (o == i)
            continue;
          for (guint f = 0; f < N_FEATURES; f++)
            d += (p[f] - q[f]) * (p[f] - q[f]);
          sum[labels[o]] += sqrt (d);
          count[labels[o]]++;
        }
      if (count[labels[i]] == 0)
        continue;
      a = sum[labels[i]] / count[labels[i]];
      for (guint j = 0; j < k; j++)
        if (j != labels[i] && count[j] > 0)
          b = MIN (b, sum[j] / count[j]);
      if (b < G_MAXDOUBLE && MAX (a, b) > 0)
        total += (b - a) / MAX (a, b);
    }

  return n > 0 ? total / n : 0;
}

static void
add_doubles (JsonBuilder  *builder,
             const char   *name,
             const double *values,
             guint         n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (builder, values[i]);
  json_builder_end_array (builder);
}

/* Describes cluster @j of the @n customers with @labels (see the top of the file). */
static void
add_descriptors (JsonBuilder     *builder,
                 const Customers *c,
                 const guint     *labels,
                 guint            j,
                 const double    *centroid)
{
  g_autoptr(GHashTable) cities = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) all_cities = g_hash_table_new (g_str_hash, g_str_equal);
  const char *top = NULL;
  gsize top_count = 0, size = 0;
  guint order[N_FEATURES];

  json_builder_set_member_name (builder, "descriptors");
  json_builder_begin_array (builder);

  /* Features by how far the cluster lies from everyone, farthest first. */
  for (guint f = 0; f < N_FEATURES; f++)
    order[f] = f;
  for (guint a = 0; a < N_FEATURES; a++)
    for (guint b = a + 1; b < N_FEATURES; b++)
      if (fabs (centroid[order[b]]) > fabs (centroid[order[a]]))
        {
          guint t = order[a];

          order[a] = order[b];
          order[b] = t;
        }
  for (guint i = 0; i < N_FEATURES; i++)
    {
      const FeatureInfo *info = &features[order[i]];
      const char *key = centroid[order[i]] >= DESCRIBE_FROM ? info->above
                      : centroid[order[i]] <= -DESCRIBE_FROM ? info->below : NULL;

      if (key == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, key);
      json_builder_set_member_name (builder, "z");
      json_builder_add_double_value (builder, centroid[order[i]]);
      json_builder_end_object (builder);
    }

  /* A city that at least 30 % of the cluster share, and 1.5 times as often as everyone. */
  for (gsize i = 0; i < c->n; i++)
    {
      const char *city = c->cities[i];

      if (city == NULL)
        continue;
      g_hash_table_insert (all_cities, (gpointer) city,
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (all_cities, city)) + 1));
      if (labels[i] != j)
        continue;
      g_hash_table_insert (cities, (gpointer) city, GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (cities, city)) + 1));
    }
  for (gsize i = 0; i < c->n; i++)
    size += labels[i] == j;
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, cities);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_SIZE (value) > top_count)
        {
          top = key;
          top_count = GPOINTER_TO_SIZE (value);
        }
  }
  if (top != NULL && size > 0 && top_count >= 0.3 * size &&
      (double) top_count / size >= 1.5 * GPOINTER_TO_SIZE (g_hash_table_lookup (all_cities, top)) / c->n)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, "city");
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, top);
      json_builder_set_member_name (builder, "share");
      json_builder_add_double_value (builder, (double) top_count / size);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
}

static gint64
commits (CltWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "SELECT coalesce ((SELECT CAST (value AS INTEGER) FROM workspace_meta WHERE key = 'commits'), 0)", NULL);

  return stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/**
 * clt_insights_suggest_audiences:
 * @now: (nullable): the time recency counts back from; now by default
 * @progress: (nullable) (scope call): told the fraction done, from this thread
 *
 * Clusters the customers with a purchase and keeps the proposed audiences as a new run;
 * with fewer than MIN_CUSTOMERS the run says the data is too thin. Call it in a worker.
 *
 * Returns: %FALSE with @error set (%G_IO_ERROR_CANCELLED when cancelled: nothing written)
 */
gboolean
clt_insights_suggest_audiences (CltWorkspace  *workspace,
                                GDateTime     *now,
                                void         (*progress) (double fraction, gpointer user_data),
                                gpointer       progress_data,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GDateTime) today = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree gsize *sample = NULL;
  g_autofree guint *labels = NULL;
  g_autofree guint *best_labels = NULL;
  g_autofree double *centroids = g_new0 (double, K_MAX * N_FEATURES);
  g_autofree double *best_centroids = g_new0 (double, K_MAX * N_FEATURES);
  g_autofree char *computed_at = g_date_time_format_iso8601 (today);
  g_autofree char *result = NULL;
  Customers c = { 0 };
  gint64 read_at;
  gsize n_sample, n_silhouette;
  guint best_k = 0;
  double best_silhouette = -2;
  gboolean ok = FALSE;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!_clt_workspace_exec (workspace, "BEGIN", error))
    return FALSE;
  read_at = commits (workspace);
  ok = read_customers (workspace, today, NULL, NULL, &c, cancellable, error);
  _clt_workspace_rollback (workspace);
  if (!ok)
    goto out;
  ok = FALSE;
  if (progress)
    progress (0.3, progress_data);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "customers");
  json_builder_add_int_value (builder, (gint64) c.n);
  json_builder_set_member_name (builder, "too_thin");
  json_builder_add_boolean_value (builder, c.n < MIN_CUSTOMERS);
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint f = 0; f < N_FEATURES; f++)
    json_builder_add_string_value (builder, features[f].key);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "excluded");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (excluded); i++)
    json_builder_add_string_value (builder, excluded[i].key);
  json_builder_end_array (builder);

  if (c.n >= MIN_CUSTOMERS)
    {
      /* A random sample (reservoir), in a fixed order for a fixed seed. */
      n_sample = MIN (c.n, SAMPLE_MAX);
      sample = g_new (gsize, n_sample);
      for (gsize i = 0; i < c.n; i++)
        {
          if (i < n_sample)
            sample[i] = i;
          else
            {
              gsize r = (gsize) g_rand_double_range (rand, 0, i + 1);

              if (r < n_sample)
                sample[r] = i;
            }
        }
      n_silhouette = MIN (n_sample, SILHOUETTE_MAX);
      labels = g_new0 (guint, n_sample);
      best_labels = g_new0 (guint, n_sample);

      for (guint k = 2; k <= K_MAX && k < n_sample; k++)
        {
          double s;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          kmeans (&c, sample, n_sample, k, rand, centroids, labels);
          s = silhouette (&c, sample, n_silhouette, labels, k);
          g_debug ("k = %u: silhouette %.3f", k, s);
          if (s > best_silhouette)
            {
              best_silhouette = s;
              best_k = k;
              memcpy (best_centroids, centroids, k * N_FEATURES * sizeof (double));
            }
          if (progress)
            progress (0.3 + 0.6 * (k - 1) / (K_MAX - 1), progress_data);
        }

      /* Everyone into the nearest cluster. */
      g_free (labels);
      labels = g_new (guint, c.n);
      for (gsize i = 0; i < c.n; i++)
        labels[i] = nearest (&c.x[i * N_FEATURES], best_centroids, best_k);

      json_builder_set_member_name (builder, "k");
      json_builder_add_int_value (builder, best_k);
      json_builder_set_member_name (builder, "silhouette");
      json_builder_add_double_value (builder, best_silhouette);
      add_doubles (builder, "mean", c.mean, N_FEATURES);
      add_doubles (builder, "sd", c.sd, N_FEATURES);
      json_builder_set_member_name (builder, "clusters");
      json_builder_begin_array (builder);
      for (guint j = 0; j < best_k; j++)
        {
          gsize size = 0;

          for (gsize i = 0; i < c.n; i++)
            size += labels[i] == j;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, (gint64) size);
          add_doubles (builder, "centroid", &best_centroids[j * N_FEATURES], N_FEATURES);
          add_descriptors (builder, &c, labels, j, &best_centroids[j * N_FEATURES]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  result = json_generator_to_data (generator, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_clt_workspace_begin (workspace, error))
    goto out;
  if (!(insert = _clt_workspace_prepare (workspace,
          "INSERT INTO insight_runs (model, computed_at, commit_seen, result) VALUES ('suggestions', ?1, ?2, ?3)", error)))
    {
      _clt_workspace_rollback (workspace);
      goto out;
    }
  sqlite3_bind_text (insert, 1, computed_at, -1, SQLITE_TRANSIENT);
  /* The commit it was computed from: this write's own when nothing was written in between
   * (a commit counts itself), else the one read, older than the workspace: out of date. */
  sqlite3_bind_int64 (insert, 2, commits (workspace) == read_at ? read_at + 1 : read_at);
  sqlite3_bind_text (insert, 3, result, -1, SQLITE_TRANSIENT);
  if (!_clt_workspace_step_done (workspace, insert, error) || !_clt_workspace_commit (workspace, error))
    {
      _clt_workspace_rollback (workspace);
      goto out;
    }
  if (progress)
    progress (1.0, progress_data);
  ok = TRUE;

out:
  customers_clear (&c);
  return ok;
}

/* The latest run's result, or NULL when there is none. */
static JsonObject *
latest_run (CltWorkspace  *workspace,
            JsonParser    *parser,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonNode *root;
  int rc;

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT result FROM insight_runs WHERE model = 'suggestions' ORDER BY id DESC LIMIT 1", error)))
    return NULL;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        _clt_workspace_set_error (workspace, error, "suggestions");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, error))
    return NULL;
  root = json_parser_get_root (parser);

  return JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static const char *
descriptor_text (const char *key)
{
  static const struct { const char *key; const char *text; } texts[] = {
    { "lapsed", N_("not seen for a while") },
    { "recent", N_("active recently") },
    { "frequent", N_("frequent buyers") },
    { "rare", N_("rare buyers") },
    { "big-baskets", N_("big baskets") },
    { "small-baskets", N_("small baskets") },
    { "loyalty-card", N_("mostly loyalty-card receipts") },
    { "online-shop", N_("mostly web-shop orders") },
    { "newsletter", N_("newsletter readers") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i].key, key))
      return _(texts[i].text);

  return NULL;
}

/* "Frequent buyers, small baskets, often in München": the three farthest features, and the
 * city. */
static char *
describe (JsonArray *descriptors)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0, n_features = 0;

  for (guint i = 0; descriptors && i < json_array_get_length (descriptors); i++)
    {
      JsonObject *d = json_array_get_object_element (descriptors, i);
      const char *key = json_object_get_string_member_with_default (d, "key", "");
      g_autofree char *part = NULL;

      if (!g_str_equal (key, "city") && n_features++ >= 3)
        continue;

      if (g_str_equal (key, "city"))
        {
          const char *city = json_object_get_string_member_with_default (d, "value", "");

          /* Kept case-folded: "münchen" is shown "München". */
          if (*city)
            {
              g_autofree char *first = g_utf8_strup (city, g_utf8_next_char (city) - city);
              g_autofree char *shown = g_strconcat (first, g_utf8_next_char (city), NULL);

              /* TRANSLATORS: describes a suggested audience; %s is a city */
              part = g_strdup_printf (_("often in %s"), shown);
            }
        }
      else if (descriptor_text (key) != NULL)
        part = g_strdup (descriptor_text (key));
      if (part == NULL)
        continue;
      if (n++ > 0)
        g_string_append (text, ", ");
      g_string_append (text, part);
    }

  if (n == 0)
    return g_strdup (_("Average customers"));

  /* The first letter up: "Frequent buyers, …". */
  {
    g_autofree char *first = g_utf8_strup (text->str, g_utf8_next_char (text->str) - text->str);

    return g_strconcat (first, g_utf8_next_char (text->str), NULL);
  }
}

/**
 * clt_insights_list_suggestions:
 *
 * Returns: (transfer full) (element-type CltAudienceSuggestion): the latest run's audiences,
 *   largest first; empty when there is no run or the data was too thin
 */
GPtrArray *
clt_insights_list_suggestions (CltWorkspace  *workspace,
                               GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_audience_suggestion_unref);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) used = NULL;
  JsonObject *run;
  JsonArray *clusters;
  gint64 customers;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(run = latest_run (workspace, parser, &local_error)))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return g_steal_pointer (&items);
    }

  for (guint f = 0; f < N_FEATURES; f++)
    g_strv_builder_add (labels, _(features[f].label));
  used = g_strv_builder_end (labels);
  customers = json_object_get_int_member_with_default (run, "customers", 0);
  clusters = json_object_has_member (run, "clusters") ? json_object_get_array_member (run, "clusters") : NULL;
  for (guint j = 0; clusters && j < json_array_get_length (clusters); j++)
    {
      JsonObject *cluster = json_array_get_object_element (clusters, j);
      JsonArray *descriptors = json_object_has_member (cluster, "descriptors")
                               ? json_object_get_array_member (cluster, "descriptors") : NULL;
      g_autofree char *description = describe (descriptors);
      gint64 size = json_object_get_int_member_with_default (cluster, "size", 0);

      g_ptr_array_add (items, _clt_audience_suggestion_new (j, description, size,
                                                            customers > 0 ? (double) size / customers : 0,
                                                            (const char * const *) used));
    }

  /* Largest first. */
  for (guint a = 0; a < items->len; a++)
    for (guint b = a + 1; b < items->len; b++)
      if (clt_audience_suggestion_get_size (items->pdata[b]) > clt_audience_suggestion_get_size (items->pdata[a]))
        {
          gpointer t = items->pdata[a];

          items->pdata[a] = items->pdata[b];
          items->pdata[b] = t;
        }

  return g_steal_pointer (&items);
}

static gboolean
read_doubles (JsonObject *object,
              const char *name,
              double     *out)
{
  JsonArray *array = json_object_has_member (object, name) ? json_object_get_array_member (object, name) : NULL;

  if (array == NULL || json_array_get_length (array) != N_FEATURES)
    return FALSE;
  for (guint f = 0; f < N_FEATURES; f++)
    out[f] = json_array_get_double_element (array, f);

  return TRUE;
}

/**
 * clt_insights_save_suggestion:
 * @index: the suggestion's clt_audience_suggestion_get_index()
 * @name: the new segment's name
 * @actor: (nullable): who makes it; the user by default
 *
 * Saves the customers nearest the suggestion's centroid now, on the run's scale, as a new
 * fixed list marked with the suggestion's description. Call it in a worker.
 *
 * Returns: the new segment's id, or 0
 */
gint64
clt_insights_save_suggestion (CltWorkspace  *workspace,
                              guint          index,
                              const char    *name,
                              const char    *actor,
                              GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree double *centroids = NULL;
  g_autofree char *description = NULL;
  double mean[N_FEATURES], sd[N_FEATURES];
  JsonObject *run;
  JsonArray *clusters;
  Customers c = { 0 };
  guint k;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  if (!(run = latest_run (workspace, parser, error)))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED, _("There are no suggested audiences yet."));
      return 0;
    }
  clusters = json_object_has_member (run, "clusters") ? json_object_get_array_member (run, "clusters") : NULL;
  k = clusters ? json_array_get_length (clusters) : 0;
  if (index >= k || !read_doubles (run, "mean", mean) || !read_doubles (run, "sd", sd))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED, _("That suggested audience no longer exists."));
      return 0;
    }
  centroids = g_new (double, k * N_FEATURES);
  for (guint j = 0; j < k; j++)
    if (!read_doubles (json_array_get_object_element (clusters, j), "centroid", &centroids[j * N_FEATURES]))
      {
        g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED, _("That suggested audience no longer exists."));
        return 0;
      }
  {
    JsonObject *cluster = json_array_get_object_element (clusters, index);

    description = describe (json_object_has_member (cluster, "descriptors")
                            ? json_object_get_array_member (cluster, "descriptors") : NULL);
  }

  if (!_clt_workspace_exec (workspace, "BEGIN", error))
    return 0;
  ok = read_customers (workspace, now, mean, sd, &c, NULL, error);
  _clt_workspace_rollback (workspace);
  for (gsize i = 0; ok && i < c.n; i++)
    if (nearest (&c.x[i * N_FEATURES], centroids, k) == index)
      g_array_append_val (ids, c.ids[i]);
  customers_clear (&c);
  if (!ok)
    return 0;

  return clt_segment_store_save_suggestion (workspace, name, (const gint64 *) ids->data, ids->len, description, actor, error);
}
