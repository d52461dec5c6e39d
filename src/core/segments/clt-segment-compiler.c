/* clt-segment-compiler.c: a segment tree as one parameterised SQL query
 *
 * Every node becomes a boolean expression over the profile's facts (f, profile_facts) and,
 * where a field needs it, the profile (p, profiles). The text of the expressions comes only
 * from the catalogue and from this file; every value is a numbered parameter (?N) bound
 * from compiled->bindings. An expression's text with its parameters is reused where it is
 * needed twice, so the same ?N appears more than once rather than a value twice.
 *
 * Beside the boolean (expr, which SQLite evaluates for all profiles at once: behaviour and
 * sources become IN lists it materialises once), each node has a correlated form for one
 * profile (row_expr), the value that decided it (value_expr, for "why in"), and where it
 * helps a query of the ids it holds for (set_sql), which the evaluator turns into bitmaps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-compiler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "clt-segment-json.h"
#include "clt-consent-private.h"
#include "clt-insights-private.h"
#include "clt-segment-private.h"
#include "clt-workspace-private.h"

typedef struct
{
  CltWorkspace *workspace;
  GDateTime    *today;   /* midnight UTC of the day of "now" */
  CltCompiled  *out;
  GArray       *visiting;  /* gint64 segment ids being compiled, for cycles */
  GPtrArray    *all;       /* every CltCompiledNode, visible or inside a reference */
} Compiler;

/* ---- bindings ---- */

static void
binding_clear (gpointer data)
{
  CltBinding *binding = data;

  g_clear_pointer (&binding->text, g_free);
}

static guint
add_binding (Compiler   *c,
             CltBinding *binding)
{
  g_array_append_val (c->out->bindings, *binding);

  return c->out->bindings->len;
}

static void
bind_text (Compiler   *c,
           GString    *sql,
           const char *text)
{
  CltBinding binding = { SQLITE_TEXT, g_strdup (text ? text : ""), 0, 0 };

  g_string_append_printf (sql, "?%u", add_binding (c, &binding));
}

static void
bind_number (Compiler *c,
             GString  *sql,
             double    number)
{
  CltBinding binding = { SQLITE_FLOAT, NULL, number, 0 };

  g_string_append_printf (sql, "?%u", add_binding (c, &binding));
}

static void
bind_integer (Compiler *c,
              GString  *sql,
              gint64    integer)
{
  CltBinding binding = { SQLITE_INTEGER, NULL, 0, integer };

  g_string_append_printf (sql, "?%u", add_binding (c, &binding));
}

/* The value as validated: a number, in cents for money. */
static double
number_value (const char   *text,
              CltValueType  type)
{
  double number = 0;

  if (!_clt_value_parse_number (text, &number))
    g_assert_not_reached ();

  return type == CLT_VALUE_MONEY ? number * 100 : number;
}

static char *
day_string (GDateTime *day)
{
  return g_date_time_format (day, "%Y-%m-%d");
}

/* ---- conditions ---- */

static const char *
comparison_sql (CltOperator op)
{
  static const char * const sql[] = {
    [CLT_OPERATOR_EQ] = " = ", [CLT_OPERATOR_NE] = " <> ", [CLT_OPERATOR_LT] = " < ",
    [CLT_OPERATOR_LE] = " <= ", [CLT_OPERATOR_GT] = " > ", [CLT_OPERATOR_GE] = " >= ",
  };

  g_assert (op < G_N_ELEMENTS (sql) && sql[op] != NULL);

  return sql[op];
}

/* @x compared with the values: "x >= ?3", "x BETWEEN ?3 AND ?4". */
static void
append_comparison (Compiler           *c,
                   GString            *sql,
                   const char         *x,
                   CltOperator         op,
                   const char * const *values,
                   CltValueType        type)
{
  g_string_append_printf (sql, "(%s", x);
  if (op == CLT_OPERATOR_BETWEEN)
    {
      g_string_append (sql, " BETWEEN ");
      bind_number (c, sql, number_value (values[0], type));
      g_string_append (sql, " AND ");
      bind_number (c, sql, number_value (values[1], type));
    }
  else
    {
      g_string_append (sql, comparison_sql (op));
      bind_number (c, sql, number_value (values[0], type));
    }
  g_string_append_c (sql, ')');
}

/* Whether the comparison holds for 0: then a count or sum holds for profiles without events. */
static gboolean
comparison_holds_for_zero (CltOperator         op,
                           const char * const *values,
                           CltValueType        type)
{
  double a = number_value (values[0], type);
  double b = values[1] ? number_value (values[1], type) : 0;

  if (op == CLT_OPERATOR_EQ)
    return a == 0;
  if (op == CLT_OPERATOR_NE)
    return a != 0;
  if (op == CLT_OPERATOR_LT)
    return 0 < a;
  if (op == CLT_OPERATOR_LE)
    return 0 <= a;
  if (op == CLT_OPERATOR_GT)
    return 0 > a;
  if (op == CLT_OPERATOR_GE)
    return 0 >= a;
  if (op == CLT_OPERATOR_BETWEEN)
    return a <= 0 && 0 <= b;

  return FALSE;
}

/* A text value as the field compares it: cities by their folded key (indexed), e-mail
 * addresses by their normalised form (indexed), the rest without case. */
static void
append_text_value (Compiler     *c,
                   GString      *sql,
                   const char   *field,
                   const char   *value)
{
  if (g_str_equal (field, "city"))
    {
      g_string_append (sql, "clt_city_key (");
      bind_text (c, sql, value);
      g_string_append_c (sql, ')');
    }
  else if (g_str_equal (field, "email"))
    {
      g_string_append (sql, "lower (trim (");
      bind_text (c, sql, value);
      g_string_append (sql, "))");
    }
  else
    bind_text (c, sql, value);
}

static const char *
text_key (const CltFieldInfo *info,
          gboolean           *needs_profiles)
{
  if (g_str_equal (info->id, "city"))
    {
      *needs_profiles = FALSE;
      return "f.city_key";
    }
  if (g_str_equal (info->id, "email"))
    {
      *needs_profiles = FALSE;
      return "f.email_key";
    }

  return info->expr;
}

/* For a range of an indexed facts column (spend, orders, the last activity): the ids for
 * which it does not hold, which the evaluator reads instead when they are few. */
static char *
complement_sql (Compiler            *c,
                const CltFieldInfo  *info,
                CltOperator          op,
                const char * const  *values)
{
  g_autoptr(GString) sql = g_string_new ("SELECT f.profile_id AS id FROM profile_facts f WHERE ");
  static const char * const inverse[] = {
    [CLT_OPERATOR_EQ] = " <> ", [CLT_OPERATOR_NE] = " = ", [CLT_OPERATOR_LT] = " >= ",
    [CLT_OPERATOR_LE] = " > ", [CLT_OPERATOR_GT] = " <= ", [CLT_OPERATOR_GE] = " < ",
  };

  if (g_str_equal (info->id, "spend") || g_str_equal (info->id, "orders"))
    {
      if (op == CLT_OPERATOR_BETWEEN)
        {
          g_string_append_printf (sql, "%s < ", info->expr);
          bind_number (c, sql, number_value (values[0], info->type));
          g_string_append_printf (sql, " OR %s > ", info->expr);
          bind_number (c, sql, number_value (values[1], info->type));
        }
      else if (op >= CLT_OPERATOR_EQ && op <= CLT_OPERATOR_GE)
        {
          g_string_append_printf (sql, "%s%s", info->expr, inverse[op]);
          bind_number (c, sql, number_value (values[0], info->type));
        }
      else
        return NULL;
    }
  else if (g_str_equal (info->id, "last_activity") && op == CLT_OPERATOR_WITHIN_LAST)
    {
      int n = (int) number_value (values[0], CLT_VALUE_NUMBER);
      const char *unit = values[1] ? values[1] : "days";
      g_autoptr(GDateTime) cut = g_str_equal (unit, "months") ? g_date_time_add_months (c->today, -n)
                               : g_date_time_add_days (c->today, g_str_equal (unit, "weeks") ? -7 * n : -n);
      g_autofree char *cut_text = day_string (cut);

      g_string_append (sql, "f.last_activity < ");
      bind_text (c, sql, cut_text);
      g_string_append (sql, " OR f.last_activity >= char (1114111)");
    }
  else
    return NULL;

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
compile_attribute (Compiler        *c,
                   CltCondition    *condition,
                   CltCompiledNode *out)
{
  const CltFieldInfo *info = _clt_segment_field_info (clt_condition_get_field (condition));
  CltOperator op = clt_condition_get_operator (condition);
  const char * const *values = clt_condition_get_values (condition);
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *x = info->expr;
  gboolean needs_profiles = info->needs_profiles;
  /* Dates compare as the bare column, so that an index serves the range; never NULL. The
   * last activity of a profile without events is U+10FFFF, after every date. */
  gboolean sentinel = g_str_equal (info->id, "last_activity");
  const char *column = sentinel ? "f.last_activity" : x;
  g_autofree char *known = sentinel ? g_strdup ("f.last_activity < char (1114111)")
                                    : g_strdup_printf ("%s IS NOT NULL", x);

  switch (op)
    {
    case CLT_OPERATOR_IS:
    case CLT_OPERATOR_IS_NOT:
    case CLT_OPERATOR_ANY_OF:
    case CLT_OPERATOR_NONE_OF:
      {
        const char *key = text_key (info, &needs_profiles);
        gboolean keyed = key != info->expr;

        if (op == CLT_OPERATOR_IS_NOT || op == CLT_OPERATOR_NONE_OF)
          g_string_append (sql, "NOT coalesce (");
        g_string_append_printf (sql, "%s%s IN (", key, keyed ? "" : " COLLATE NOCASE");
        for (guint i = 0; values[i]; i++)
          {
            if (i > 0)
              g_string_append (sql, ", ");
            append_text_value (c, sql, info->id, values[i]);
          }
        g_string_append_c (sql, ')');
        if (op == CLT_OPERATOR_IS_NOT || op == CLT_OPERATOR_NONE_OF)
          g_string_append (sql, ", 0)");
      }
      break;

    case CLT_OPERATOR_CONTAINS:
      g_string_append_printf (sql, "coalesce (instr (lower (%s), lower (", x);
      bind_text (c, sql, values[0]);
      g_string_append (sql, ")) > 0, 0)");
      break;

    case CLT_OPERATOR_STARTS_WITH:
      {
        g_autoptr(GString) value = g_string_new (NULL);

        bind_text (c, value, values[0]);
        g_string_append_printf (sql, "coalesce (substr (lower (%s), 1, length (%s)) = lower (%s), 0)",
                                x, value->str, value->str);
      }
      break;

    case CLT_OPERATOR_IS_EMPTY:
      g_string_append_printf (sql, "(coalesce (trim (%s), '') = '')", x);
      break;

    case CLT_OPERATOR_EQ:
    case CLT_OPERATOR_NE:
    case CLT_OPERATOR_LT:
    case CLT_OPERATOR_LE:
    case CLT_OPERATOR_GT:
    case CLT_OPERATOR_GE:
    case CLT_OPERATOR_BETWEEN:
      append_comparison (c, sql, x, op, values, info->type);
      break;

    case CLT_OPERATOR_BEFORE:
      g_string_append_printf (sql, "(%s AND %s < ", known, column);
      bind_text (c, sql, values[0]);
      g_string_append (sql, ")");
      break;

    case CLT_OPERATOR_AFTER:
      g_string_append_printf (sql, "(%s AND %s >= date (", known, column);
      bind_text (c, sql, values[0]);
      g_string_append (sql, ", '+1 day'))");
      break;

    case CLT_OPERATOR_WITHIN_LAST:
      {
        int n = (int) number_value (values[0], CLT_VALUE_NUMBER);
        const char *unit = values[1] ? values[1] : "days";
        g_autoptr(GDateTime) cut = g_str_equal (unit, "months") ? g_date_time_add_months (c->today, -n)
                                 : g_date_time_add_days (c->today, g_str_equal (unit, "weeks") ? -7 * n : -n);
        g_autofree char *cut_text = day_string (cut);

        g_string_append_printf (sql, "(%s AND %s >= ", known, column);
        bind_text (c, sql, cut_text);
        g_string_append (sql, ")");
      }
      break;

    case CLT_OPERATOR_ANNIVERSARY:
      {
        g_autofree char *month = g_date_time_format (c->today, "%m");

        g_string_append_printf (sql, "coalesce (substr (%s, 6, 2) = ", x);
        bind_text (c, sql, month);
        g_string_append (sql, ", 0)");
      }
      break;

    case CLT_OPERATOR_IN:
    case CLT_OPERATOR_NOT_IN:
    default:
      g_assert_not_reached ();
    }

  out->expr = g_strdup (sql->str);
  out->row_expr = g_strdup (sql->str);
  out->needs_profiles = needs_profiles;
  out->complement_sql = complement_sql (c, info, op, values);
  if (info->type == CLT_VALUE_MONEY)
    out->value_expr = g_strdup_printf ("printf ('%%.2f', %s / 100.0)", x);
  else
    out->value_expr = g_strdup (x);
  if (!needs_profiles)
    out->set_sql = g_strdup_printf ("SELECT f.profile_id AS id FROM profile_facts f WHERE %s", sql->str);
  else
    out->set_sql = g_strdup_printf ("SELECT p.id AS id FROM profiles p WHERE %s", sql->str);
}

/* The profiles for whom a stored basket rule suggests one of the products (see
 * clt_insights_dup_offers()): they bought all of its antecedent, and not the product. Names
 * are folded as event_item_names keeps them. */
static void
compile_next_offer (Compiler        *c,
                    CltCondition    *condition,
                    CltCompiledNode *out)
{
  const char * const *values = clt_condition_get_values (condition);
  CltOperator op = clt_condition_get_operator (condition);
  gboolean negated = op == CLT_OPERATOR_IS_NOT || op == CLT_OPERATOR_NONE_OF;
  g_autoptr(GString) products = g_string_new (NULL);
  g_autoptr(GString) inner = g_string_new (NULL);

  for (guint i = 0; values[i]; i++)
    {
      g_string_append (products, i > 0 ? ", lower (" : "lower (");
      bind_text (c, products, values[i]);
      g_string_append_c (products, ')');
    }

  g_string_append_printf (inner,
    "SELECT o.id FROM (SELECT e.profile_id AS id, r.consequent AS product FROM basket_rules r "
    "  JOIN json_each (r.antecedent) a JOIN event_item_names n ON n.name = a.value "
    "  JOIN event_items e ON e.item_id = n.id "
    "  WHERE r.consequent IN (%s) AND e.kind IN " CLT_INSIGHTS_PURCHASE_KINDS " AND e.profile_id IS NOT NULL "
    "  GROUP BY e.profile_id, r.id HAVING count (DISTINCT n.id) = json_array_length (r.antecedent) "
    "  EXCEPT SELECT e.profile_id, n.name FROM event_item_names n JOIN event_items e ON e.item_id = n.id "
    "  WHERE n.name IN (%s) AND e.kind IN " CLT_INSIGHTS_PURCHASE_KINDS ") o",
    products->str, products->str);

  out->expr = g_strdup_printf ("(f.profile_id %sIN (%s))", negated ? "NOT " : "", inner->str);
  out->row_expr = g_strdup_printf ("(%sEXISTS (SELECT 1 FROM (%s) x WHERE x.id = f.profile_id))",
                                   negated ? "NOT " : "", inner->str);
  out->set_sql = g_strdup (inner->str);
  out->negated = negated;
}

static void
compile_source (Compiler        *c,
                CltCondition    *condition,
                CltCompiledNode *out)
{
  gboolean by_import = g_str_equal (clt_condition_get_field (condition), "import");
  const char * const *values = clt_condition_get_values (condition);
  gboolean negated = clt_condition_get_operator (condition) == CLT_OPERATOR_NOT_IN;
  g_autoptr(GString) inner = g_string_new (NULL);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; values[i]; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      if (by_import)
        bind_integer (c, list, (gint64) number_value (values[i], CLT_VALUE_NUMBER));
      else
        bind_text (c, list, values[i]);
    }
  if (by_import)
    g_string_append_printf (inner, "SELECT r.profile_id AS id FROM source_records r WHERE r.batch_id IN (%s)", list->str);
  else
    g_string_append_printf (inner, "SELECT r.profile_id AS id FROM source_records r WHERE r.source_id IN "
                                   "(SELECT s.id FROM sources s WHERE s.name IN (%s))", list->str);

  out->expr = g_strdup_printf ("(f.profile_id %sIN (%s AND r.profile_id IS NOT NULL))", negated ? "NOT " : "", inner->str);
  out->row_expr = g_strdup_printf ("(%sEXISTS (%s AND r.profile_id = f.profile_id))", negated ? "NOT " : "", inner->str);
  out->set_sql = g_strdup_printf ("%s AND r.profile_id IS NOT NULL", inner->str);
  out->negated = negated;
  /* Who has records from a source is kept as a set (clt-fact-sets.c): one row per source
   * named, and one more so that naming no existing source reads as nobody. */
  if (!by_import)
    out->bits_sql = g_strdup_printf ("SELECT (SELECT bits FROM fact_sets WHERE kind = 'source' AND value = s.id) "
                                     "FROM sources s WHERE s.name IN (%s) UNION ALL SELECT x'00'",
                                     list->str);
  if (by_import)
    out->value_expr = g_strdup ("(SELECT group_concat (batch_id, ', ') FROM (SELECT DISTINCT r.batch_id "
                                "FROM source_records r WHERE r.profile_id = f.profile_id ORDER BY 1))");
  else
    out->value_expr = g_strdup ("(SELECT group_concat (name, ', ') FROM (SELECT DISTINCT s.name FROM source_records r "
                                "JOIN sources s ON s.id = r.source_id WHERE r.profile_id = f.profile_id ORDER BY 1))");
}

static void
append_detail_match (Compiler   *c,
                     GString    *sql,
                     const char *path,
                     const char *value)
{
  g_string_append_printf (sql, " AND (CASE WHEN json_valid (e.detail) THEN e.detail ->> '%s' END) = ", path);
  bind_text (c, sql, value);
  g_string_append (sql, " COLLATE NOCASE");
}

/* The item names (folded, in event_item_names) that contain the product asked for. */
static void
append_item_ids (Compiler   *c,
                 GString    *sql,
                 const char *product)
{
  g_string_append (sql, "(SELECT n.id FROM event_item_names n WHERE instr (n.name, lower (");
  bind_text (c, sql, product);
  g_string_append (sql, ")) > 0)");
}

/* Conditions on @e's kind, time and amount (and for events, the rest of the filters). */
static void
append_event_filter (Compiler     *c,
                     GString      *filter,
                     CltCondition *condition,
                     const char   *e)
{
  g_string_append_printf (filter, "%s.kind = ", e);
  bind_text (c, filter, clt_condition_get_field (condition));

  switch (clt_condition_get_window (condition))
    {
    case CLT_TIME_WINDOW_ALWAYS:
      break;

    case CLT_TIME_WINDOW_LAST_DAYS:
      {
        g_autoptr(GDateTime) cut = g_date_time_add_days (c->today, -(int) clt_condition_get_window_days (condition));
        g_autofree char *cut_text = day_string (cut);

        g_string_append_printf (filter, " AND %s.occurred_at >= ", e);
        bind_text (c, filter, cut_text);
      }
      break;

    case CLT_TIME_WINDOW_BETWEEN:
      g_string_append_printf (filter, " AND %s.occurred_at >= ", e);
      bind_text (c, filter, clt_condition_get_window_from (condition));
      g_string_append_printf (filter, " AND %s.occurred_at < date (", e);
      bind_text (c, filter, clt_condition_get_window_to (condition));
      g_string_append (filter, ", '+1 day')");
      break;

    case CLT_TIME_WINDOW_BEFORE_EVENT:
    case CLT_TIME_WINDOW_AFTER_EVENT:
      /* Before the first such event (all, when there is none); after it (none, then). */
      g_string_append_printf (filter, " AND %s.occurred_at %s coalesce ((SELECT min (x.occurred_at) FROM events x "
                              "WHERE x.profile_id = %s.profile_id AND x.kind = ", e,
                              clt_condition_get_window (condition) == CLT_TIME_WINDOW_BEFORE_EVENT ? "<" : ">", e);
      bind_text (c, filter, clt_condition_get_window_event (condition));
      g_string_append (filter, "), '9999')");
      break;

    default:
      g_assert_not_reached ();
    }

  if (clt_condition_get_amount_min (condition))
    {
      g_string_append_printf (filter, " AND %s.amount_cents >= ", e);
      bind_number (c, filter, number_value (clt_condition_get_amount_min (condition), CLT_VALUE_MONEY));
    }
  if (clt_condition_get_amount_max (condition))
    {
      g_string_append_printf (filter, " AND %s.amount_cents <= ", e);
      bind_number (c, filter, number_value (clt_condition_get_amount_max (condition), CLT_VALUE_MONEY));
    }

  if (!g_str_equal (e, "e"))
    return;

  if (clt_condition_get_product (condition))
    {
      g_string_append (filter, " AND EXISTS (SELECT 1 FROM event_items ei WHERE ei.event_id = e.id AND ei.item_id IN ");
      append_item_ids (c, filter, clt_condition_get_product (condition));
      g_string_append (filter, ")");
    }
  if (clt_condition_get_store (condition))
    append_detail_match (c, filter, "$.store", clt_condition_get_store (condition));
  if (clt_condition_get_campaign (condition))
    append_detail_match (c, filter, "$.campaign", clt_condition_get_campaign (condition));
}

/* The matching events' rows for the evaluator: profile id, the value aggregated (a column of
 * events or event_items: "amount_cents", "occurred_at" as a julian day, or "0") and the
 * event, to count once. */
static char *
rows_sql (CltCompiledNode *out,
          GString         *items,
          const char      *column,
          GString         *source)
{
  const char *e = out->dedupe ? "ei" : "e";
  g_autofree char *value = g_str_equal (column, "0") ? g_strdup ("0")
                         : g_str_equal (column, "occurred_at") ? g_strdup_printf ("julianday (%s.occurred_at)", e)
                         : g_strdup_printf ("%s.%s", e, column);

  if (out->dedupe)
    return g_strdup_printf ("SELECT ei.profile_id AS id, %s AS v, ei.event_id AS ev %s", value, items->str);

  return g_strdup_printf ("SELECT e.profile_id AS id, %s AS v, NULL AS ev FROM %s", value, source->str);
}

/* Whether a count comparison holds for every count from 1 on and (@zero) for 0 or not: then
 * it only asks whether there is a matching event ("at least once", "never"). */
static gboolean
holds_for_any_event (CltOperator op,
                     double      a,
                     gboolean    zero)
{
  if (zero)
    return (op == CLT_OPERATOR_EQ && a == 0) || (op == CLT_OPERATOR_LT && a > 0 && a <= 1) ||
           (op == CLT_OPERATOR_LE && a >= 0 && a < 1);

  return (op == CLT_OPERATOR_GE && a > 0 && a <= 1) || (op == CLT_OPERATOR_GT && a >= 0 && a < 1);
}

static void
compile_behaviour (Compiler        *c,
                   CltCondition    *condition,
                   CltCompiledNode *out)
{
  CltAggregate aggregate = clt_condition_get_aggregate (condition);
  CltOperator op = clt_condition_get_operator (condition);
  const char * const *values = clt_condition_get_values (condition);
  CltValueType type = aggregate == CLT_AGGREGATE_SUM || aggregate == CLT_AGGREGATE_AVERAGE ? CLT_VALUE_MONEY
                                                                                           : CLT_VALUE_NUMBER;
  CltTimeWindow window = clt_condition_get_window (condition);
  g_autoptr(GString) filter = g_string_new (NULL);
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(GString) items = g_string_new (NULL);
  g_autoptr(GString) agg = g_string_new (NULL);
  g_autoptr(GString) holds = g_string_new (NULL);
  g_autofree char *scalar = NULL;
  gboolean zero = FALSE;

  append_event_filter (c, filter, condition, "e");

  /* A product alone (with kind, time and amount) reads the items' index: for the single
   * query each event once (GROUP BY), for the evaluator every item row, which it counts
   * once per event itself (dedupe), sparing the sort. */
  if (clt_condition_get_product (condition) && !clt_condition_get_store (condition) &&
      !clt_condition_get_campaign (condition) &&
      window != CLT_TIME_WINDOW_BEFORE_EVENT && window != CLT_TIME_WINDOW_AFTER_EVENT)
    {
      g_string_append (items, "FROM event_items ei WHERE ei.item_id IN ");
      append_item_ids (c, items, clt_condition_get_product (condition));
      g_string_append (items, " AND ");
      append_event_filter (c, items, condition, "ei");
      g_string_append (items, " AND ei.profile_id IS NOT NULL");
      g_string_append_printf (source, "(SELECT ei.profile_id AS profile_id, ei.amount_cents AS amount_cents, "
                              "ei.occurred_at AS occurred_at %s GROUP BY ei.event_id) e", items->str);
      out->dedupe = TRUE;
    }
  else
    g_string_append_printf (source, "events e WHERE %s AND e.profile_id IS NOT NULL", filter->str);

  out->aggregate = aggregate;
  out->op = op;
  out->a = number_value (values[0], type);
  out->b = values[1] ? number_value (values[1], type) : 0;

  switch (aggregate)
    {
    case CLT_AGGREGATE_COUNT:
      g_string_append (agg, "count (*)");
      zero = comparison_holds_for_zero (op, values, type);
      out->rows_sql = rows_sql (out, items, "0", source);
      break;

    case CLT_AGGREGATE_SUM:
      g_string_append (agg, "total (e.amount_cents)");
      zero = comparison_holds_for_zero (op, values, type);
      out->rows_sql = rows_sql (out, items, "amount_cents", source);
      break;

    case CLT_AGGREGATE_AVERAGE:
      g_string_append (agg, "avg (e.amount_cents)");
      out->rows_sql = rows_sql (out, items, "amount_cents", source);
      break;

    case CLT_AGGREGATE_FIRST:
    case CLT_AGGREGATE_LAST:
      {
        g_autofree char *today = day_string (c->today);

        g_string_append (agg, "julianday (");
        bind_text (c, agg, today);
        g_string_append_printf (agg, ") - julianday (%s (e.occurred_at))",
                                aggregate == CLT_AGGREGATE_FIRST ? "min" : "max");
        out->today = g_date_time_to_unix (c->today) / 86400.0 + 2440587.5;
        out->rows_sql = rows_sql (out, items, "occurred_at", source);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  append_comparison (c, holds, agg->str, op, values, type);

  if (aggregate == CLT_AGGREGATE_COUNT && holds_for_any_event (op, out->a, zero))
    {
      /* "At least once" and "never": who has a matching event at all, read as a set (the
       * evaluator neither keeps nor sorts the events). */
      g_clear_pointer (&out->rows_sql, g_free);
      out->set_sql = out->dedupe ? g_strdup_printf ("SELECT ei.profile_id AS id %s", items->str)
                                 : g_strdup_printf ("SELECT e.profile_id AS id FROM %s", source->str);
    }
  else
    /* Profiles without a matching event have no group: where the comparison holds for them
     * (count < 3), the set is everyone but the profiles with events for which it fails. */
    out->set_sql = g_strdup_printf ("SELECT e.profile_id AS id FROM %s GROUP BY e.profile_id HAVING %s%s%s",
                                    source->str, zero ? "NOT coalesce (" : "", holds->str, zero ? ", 0)" : "");
  out->negated = zero;
  out->expr = g_strdup_printf ("(f.profile_id %sIN (%s))", zero ? "NOT " : "", out->set_sql);

  scalar = g_strdup_printf ("(SELECT %s FROM events e WHERE e.profile_id = f.profile_id AND %s)", agg->str, filter->str);
  {
    g_autoptr(GString) row = g_string_new (NULL);

    append_comparison (c, row, scalar, op, values, type);
    out->row_expr = g_strdup_printf ("coalesce (%s, 0)", row->str);
  }
  if (type == CLT_VALUE_MONEY)
    out->value_expr = g_strdup_printf ("printf ('%%.2f', coalesce (%s, 0) / 100.0)", scalar);
  else if (aggregate == CLT_AGGREGATE_COUNT)
    out->value_expr = g_strdup (scalar);
  else
    out->value_expr = g_strdup_printf ("CAST (round (%s) AS INTEGER)", scalar);
}

/**
 * _clt_segment_consent_state_sql:
 *
 * A profile's consent state for a purpose and channel, as the consent ledger derives it
 * (clt-consent-sql.c): for e-mail marketing by e-mail the facts hold it, indexed.
 *
 * Returns: (transfer full): an SQL expression over f giving the state, 'unknown' when none
 */
char *
_clt_segment_consent_state_sql (CltCompiled *compiled,
                                const char  *purpose,
                                const char  *channel)
{
  Compiler c = { .out = compiled };
  g_autoptr(GString) purpose_param = g_string_new (NULL);
  g_autoptr(GString) channel_param = g_string_new (NULL);

  if (g_str_equal (purpose, "email_marketing") && g_str_equal (channel, "email"))
    return g_strdup ("coalesce (f.email_consent, 'unknown')");

  bind_text (&c, purpose_param, purpose);
  bind_text (&c, channel_param, channel);

  return _clt_consent_state_sql ("f.profile_id", purpose_param->str, channel_param->str);
}

/* The facts' e-mail consent rank (indexed) of each state. */
static int
consent_rank (const char *state)
{
  static const char * const ranks[] = { "given", "refused", "withdrawn", "revoked", "expired", "invalidated", "unknown" };

  for (guint i = 0; i < G_N_ELEMENTS (ranks); i++)
    if (g_str_equal (ranks[i], state))
      return i;

  g_return_val_if_reached (6);
}

static void
compile_consent (Compiler        *c,
                 const char      *purpose,
                 const char      *channel,
                 CltOperator      op,
                 const char * const *values,
                 CltCompiledNode *out)
{
  gboolean by_rank = g_str_equal (purpose, "email_marketing") && g_str_equal (channel, "email");
  gboolean negated = op == CLT_OPERATOR_IS_NOT || op == CLT_OPERATOR_NONE_OF;
  g_autofree char *state = _clt_segment_consent_state_sql (c->out, purpose, channel);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GString) bits = g_string_new (NULL);
  g_autoptr(GString) param = g_string_new (NULL);

  for (guint i = 0; values[i]; i++)
    {
      g_string_truncate (param, 0);
      if (by_rank)
        bind_integer (c, param, consent_rank (values[i]));
      else
        bind_text (c, param, values[i]);
      g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", param->str);
      /* The e-mail consent states are kept as sets (clt-fact-sets.c): one row per state. */
      g_string_append_printf (bits, "%sSELECT (SELECT bits FROM fact_sets WHERE kind = 'consent_rank' AND value = %s)",
                              i > 0 ? " UNION ALL " : "", param->str);
    }

  out->expr = g_strdup_printf ("(%s %sIN (%s))", by_rank ? "f.consent_rank" : state, negated ? "NOT " : "", list->str);
  out->row_expr = g_strdup (out->expr);
  out->set_sql = g_strdup_printf ("SELECT f.profile_id AS id FROM profile_facts f WHERE %s IN (%s)",
                                  by_rank ? "f.consent_rank" : state, list->str);
  out->negated = negated;
  if (by_rank)
    out->bits_sql = g_strdup (bits->str);
  out->value_expr = g_steal_pointer (&state);
}

/* ---- the tree ---- */

static void
compiled_node_free (gpointer data)
{
  CltCompiledNode *node = data;

  g_clear_object (&node->node);
  g_clear_object (&node->ref_root);
  g_free (node->path);
  g_free (node->expr);
  g_free (node->row_expr);
  g_free (node->value_expr);
  g_free (node->set_sql);
  g_free (node->rows_sql);
  g_free (node->complement_sql);
  g_free (node->bits_sql);
  g_free (node->except_sql);
  g_free (node);
}

static CltCompiledNode *compile_node (Compiler *c, CltSegmentNode *node, const char *path, gboolean visible,
                                      GError **error);

static gboolean
compile_ref (Compiler         *c,
             CltSegmentRef    *ref,
             CltCompiledNode  *out,
             GError          **error)
{
  gint64 id = clt_segment_ref_get_segment_id (ref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CltSegmentGroup) root = NULL;
  CltCompiledNode *compiled_root;
  gboolean is_static;

  for (guint i = 0; i < c->visiting->len; i++)
    if (g_array_index (c->visiting, gint64, i) == id)
      {
        g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_CYCLE,
                     _("Segment %lld refers to itself"), (long long) id);
        return FALSE;
      }

  if (c->workspace == NULL ||
      !(stmt = _clt_workspace_prepare (c->workspace, "SELECT kind, definition FROM segments WHERE id = ?1", error)))
    {
      if (c->workspace == NULL)
        g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND,
                     _("Segment %lld cannot be read without a workspace"), (long long) id);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND,
                   _("There is no segment %lld"), (long long) id);
      return FALSE;
    }
  is_static = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "static") == 0;

  if (is_static)
    {
      g_autoptr(GString) inner = g_string_new ("SELECT m.profile_id AS id FROM segment_members m WHERE m.segment_id = ");
      g_autoptr(GString) id_sql = g_string_new (NULL);

      bind_integer (c, id_sql, id);
      g_string_append (inner, id_sql->str);
      out->set_sql = g_strdup (inner->str);
      out->expr = g_strdup_printf ("(f.profile_id IN (%s))", inner->str);
      out->row_expr = g_strdup_printf ("EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = %s "
                                       "AND m.profile_id = f.profile_id)", id_sql->str);
      return TRUE;
    }

  if (!(root = clt_segment_definition_from_json ((const char *) sqlite3_column_text (stmt, 1), -1, &local_error)))
    {
      g_set_error (error, CLT_SEGMENT_ERROR, local_error->code,
                   _("Segment %lld is not readable: %s"), (long long) id, local_error->message);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  g_array_append_val (c->visiting, id);
  compiled_root = compile_node (c, CLT_SEGMENT_NODE (root), out->path, FALSE, error);
  g_array_set_size (c->visiting, c->visiting->len - 1);
  if (compiled_root == NULL)
    return FALSE;

  out->expr = g_strdup (compiled_root->expr);
  out->row_expr = g_strdup (compiled_root->row_expr);
  out->needs_profiles = compiled_root->needs_profiles;
  out->ref_root = g_steal_pointer (&root);

  return TRUE;
}

static CltCompiledNode *
compile_node (Compiler        *c,
              CltSegmentNode  *node,
              const char      *path,
              gboolean         visible,
              GError         **error)
{
  CltCompiledNode *out = g_new0 (CltCompiledNode, 1);

  out->node = g_object_ref (node);
  out->path = g_strdup (path);
  g_ptr_array_add (c->all, out);
  g_hash_table_insert (c->out->by_node, node, out);
  if (visible)
    g_ptr_array_add (c->out->nodes, out);

  if (CLT_IS_SEGMENT_GROUP (node))
    {
      CltSegmentGroup *group = CLT_SEGMENT_GROUP (node);
      CltSegmentMatch match = clt_segment_group_get_match (group);
      guint n = clt_segment_group_get_n_children (group);
      const char *join = match == CLT_SEGMENT_MATCH_ALL ? " AND " : " OR ";
      g_autoptr(GString) expr = g_string_new (NULL);
      g_autoptr(GString) row = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *child_path = path[0] ? g_strdup_printf ("%s/%u", path, i) : g_strdup_printf ("%u", i);
          CltCompiledNode *child = compile_node (c, clt_segment_group_get_child (group, i), child_path, visible, error);

          if (child == NULL)
            return NULL;
          g_string_append_printf (expr, "%s%s", i > 0 ? join : "", child->expr);
          g_string_append_printf (row, "%s%s", i > 0 ? join : "", child->row_expr);
          out->needs_profiles |= child->needs_profiles;
        }

      /* An empty group holds for everyone: it does not narrow the segment yet. */
      if (n == 0)
        {
          out->expr = g_strdup ("1");
          out->row_expr = g_strdup ("1");
        }
      else if (match == CLT_SEGMENT_MATCH_NONE)
        {
          out->expr = g_strdup_printf ("(NOT coalesce (%s, 0))", expr->str);
          out->row_expr = g_strdup_printf ("(NOT coalesce (%s, 0))", row->str);
        }
      else
        {
          out->expr = g_strdup_printf ("(%s)", expr->str);
          out->row_expr = g_strdup_printf ("(%s)", row->str);
        }
    }
  else if (CLT_IS_CONDITION (node))
    {
      CltCondition *condition = CLT_CONDITION (node);
      g_autofree char *where = g_strdup_printf (_("condition %s"), path);

      if (!_clt_condition_validate (condition, where, error))
        return NULL;

      switch (clt_condition_get_kind (condition))
        {
        case CLT_CONDITION_ATTRIBUTE:
          if (g_str_equal (clt_condition_get_field (condition), "next_offer"))
            compile_next_offer (c, condition, out);
          else
            compile_attribute (c, condition, out);
          break;

        case CLT_CONDITION_SOURCE:
          compile_source (c, condition, out);
          break;

        case CLT_CONDITION_BEHAVIOUR:
          compile_behaviour (c, condition, out);
          break;

        case CLT_CONDITION_CONSENT:
          compile_consent (c, clt_condition_get_field (condition), clt_condition_get_channel (condition),
                           clt_condition_get_operator (condition), clt_condition_get_values (condition), out);
          break;

        default:
          g_assert_not_reached ();
        }
    }
  else if (CLT_IS_SEGMENT_REF (node))
    {
      if (!compile_ref (c, CLT_SEGMENT_REF (node), out, error))
        return NULL;
    }
  else
    g_assert_not_reached ();

  return out;
}

void
_clt_compiled_free (CltCompiled *compiled)
{
  if (compiled == NULL)
    return;

  g_clear_pointer (&compiled->by_node, g_hash_table_unref);
  g_clear_pointer (&compiled->nodes, g_ptr_array_unref);
  g_clear_pointer (&compiled->all, g_ptr_array_unref);
  g_clear_pointer (&compiled->bindings, g_array_unref);
  g_free (compiled);
}

/**
 * _clt_segment_compile:
 * @workspace: (nullable): where referenced segments are read from
 * @now: (nullable): the time that "the last 90 days" count back from; now by default
 *
 * Returns: (transfer full): the compiled tree, or %NULL with @error set
 */
static CltCompiled *
compile_full (CltWorkspace     *workspace,
              CltSegmentGroup  *root,
              GDateTime        *now,
              gint64            self_id,
              GError          **error)
{
  g_autoptr(CltCompiled) compiled = g_new0 (CltCompiled, 1);
  g_autoptr(GDateTime) current = now ? g_date_time_to_utc (now) : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (current), g_date_time_get_month (current),
                                                    g_date_time_get_day_of_month (current), 0, 0, 0);
  g_autoptr(GArray) visiting = g_array_new (FALSE, FALSE, sizeof (gint64));
  Compiler c = { workspace, today, compiled, visiting, NULL };

  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (root), NULL);

  compiled->nodes = g_ptr_array_new ();
  compiled->all = c.all = g_ptr_array_new_with_free_func (compiled_node_free);
  compiled->bindings = g_array_new (FALSE, TRUE, sizeof (CltBinding));
  g_array_set_clear_func (compiled->bindings, binding_clear);
  compiled->by_node = g_hash_table_new (NULL, NULL);
  if (self_id > 0)
    g_array_append_val (visiting, self_id);

  if (compile_node (&c, CLT_SEGMENT_NODE (root), "", TRUE, error) == NULL)
    return NULL;

  compiled->needs_profiles = ((CltCompiledNode *) g_ptr_array_index (compiled->nodes, 0))->needs_profiles;

  return g_steal_pointer (&compiled);
}

CltCompiled *
_clt_segment_compile (CltWorkspace     *workspace,
                      CltSegmentGroup  *root,
                      GDateTime        *now,
                      GError          **error)
{
  return compile_full (workspace, root, now, 0, error);
}

/**
 * _clt_segment_check:
 * @self_id: the segment @root is to be saved as, or 0 for a new one
 *
 * Compiles @root to check it: its conditions, and that its references exist and never lead
 * back to @self_id.
 */
gboolean
_clt_segment_check (CltWorkspace     *workspace,
                    CltSegmentGroup  *root,
                    gint64            self_id,
                    GError          **error)
{
  g_autoptr(CltCompiled) compiled = compile_full (workspace, root, NULL, self_id, error);

  return compiled != NULL;
}

/**
 * _clt_compiled_lookup:
 *
 * Returns: (transfer none) (nullable): what @node compiled to
 */
CltCompiledNode *
_clt_compiled_lookup (CltCompiled    *compiled,
                      CltSegmentNode *node)
{
  return g_hash_table_lookup (compiled->by_node, node);
}

/* Binds every parameter the statement has; those its text does not name are left unused. */
void
_clt_compiled_bind (CltCompiled  *compiled,
                    sqlite3_stmt *stmt)
{
  int n = sqlite3_bind_parameter_count (stmt);

  for (int i = 1; i <= n && (guint) i <= compiled->bindings->len; i++)
    {
      const CltBinding *binding = &g_array_index (compiled->bindings, CltBinding, i - 1);

      const char *name = sqlite3_bind_parameter_name (stmt, i);

      if (name == NULL || name[0] != '?')
        continue;
      switch (binding->type)
        {
        case SQLITE_TEXT:
          sqlite3_bind_text (stmt, i, binding->text, -1, SQLITE_STATIC);
          break;
        case SQLITE_FLOAT:
          sqlite3_bind_double (stmt, i, binding->number);
          break;
        case SQLITE_INTEGER:
          sqlite3_bind_int64 (stmt, i, binding->integer);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * _clt_compiled_from:
 *
 * Returns: (transfer full): the FROM clause the root's expression needs
 */
char *
_clt_compiled_from (CltCompiled *compiled)
{
  return g_strdup (compiled->needs_profiles ? "profile_facts f JOIN profiles p ON p.id = f.profile_id"
                                            : "profile_facts f");
}

/**
 * _clt_compiled_add_consent:
 *
 * Compiles "may be used for @purpose by @channel" beside the tree, for the audience split:
 * the consent ledger's eligibility rule (clt-consent-sql.c), as clt_consent_ledger_check()
 * applies it to exports; read from the kept consent set where there is one.
 *
 * Returns: (transfer none): the compiled condition (its node is %NULL)
 */
CltCompiledNode *
_clt_compiled_add_consent (CltCompiled  *compiled,
                           CltWorkspace *workspace,
                           const char   *purpose,
                           const char   *channel)
{
  Compiler c = { .out = compiled, .all = compiled->all };
  CltCompiledNode *out = g_new0 (CltCompiledNode, 1);
  g_autoptr(GString) purpose_param = g_string_new (NULL);
  g_autoptr(GString) channel_param = g_string_new (NULL);
  g_autoptr(GString) doi_param = g_string_new (NULL);
  CltPurposeRule rule;

  _clt_purpose_rule_load (workspace, purpose, channel, &rule);
  bind_text (&c, purpose_param, purpose);
  bind_text (&c, channel_param, channel);
  bind_integer (&c, doi_param, _clt_consent_require_doi (workspace));

  out->path = g_strdup ("consent");
  g_ptr_array_add (compiled->all, out);
  out->set_sql = _clt_consent_eligible_sql (&rule, purpose_param->str, channel_param->str, doi_param->str, FALSE);
  if ((out->bits_sql = _clt_consent_set_sql (workspace, &rule, purpose, purpose_param->str, channel_param->str,
                                             doi_param->str)) != NULL)
    out->except_sql = _clt_consent_restricted_sql (&rule, purpose_param->str);
  out->expr = g_strdup_printf ("(f.profile_id IN (%s))", out->set_sql);
  out->row_expr = g_strdup (out->expr);

  return out;
}

/**
 * _clt_compiled_binding_key:
 *
 * Returns: (transfer full): @sql with each ?N replaced by its value, typed and with its
 *   length: a key that is equal only for the same query with the same values
 */
char *
_clt_compiled_binding_key (CltCompiled *compiled,
                           const char  *sql)
{
  GString *key = g_string_new (NULL);

  for (const char *p = sql; *p; p++)
    {
      char *end;
      guint64 index;
      const CltBinding *binding;

      if (*p != '?' || !g_ascii_isdigit (p[1]))
        {
          g_string_append_c (key, *p);
          continue;
        }
      index = g_ascii_strtoull (p + 1, &end, 10);
      g_assert (index >= 1 && index <= compiled->bindings->len);
      binding = &g_array_index (compiled->bindings, CltBinding, index - 1);
      if (binding->type == SQLITE_TEXT)
        g_string_append_printf (key, "\x1ft%zu:%s\x1f", strlen (binding->text), binding->text);
      else if (binding->type == SQLITE_FLOAT)
        g_string_append_printf (key, "\x1f" "d%a\x1f", binding->number);
      else
        g_string_append_printf (key, "\x1fi%" G_GINT64_FORMAT "\x1f", binding->integer);
      p = end - 1;
    }

  return g_string_free (key, FALSE);
}

/**
 * _clt_segment_select_members:
 *
 * Runs the single compiled query.
 *
 * Returns: (transfer full) (element-type gint64): the members' profile ids, in order
 */
GArray *
_clt_segment_select_members (CltWorkspace     *workspace,
                             CltSegmentGroup  *root,
                             GDateTime        *now,
                             GError          **error)
{
  g_autoptr(CltCompiled) compiled = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *from = NULL;
  g_autofree char *sql = NULL;
  int rc;

  if (!(compiled = _clt_segment_compile (workspace, root, now, error)))
    return NULL;
  from = _clt_compiled_from (compiled);
  sql = g_strdup_printf ("SELECT f.profile_id FROM %s WHERE %s ORDER BY f.profile_id", from,
                         ((CltCompiledNode *) g_ptr_array_index (compiled->nodes, 0))->expr);
  if (!(stmt = _clt_workspace_prepare (workspace, sql, error)))
    return NULL;
  _clt_compiled_bind (compiled, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_INTERRUPT)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The count was cancelled"));
      else
        _clt_workspace_set_error (workspace, error, _("Could not list the segment’s members"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}
