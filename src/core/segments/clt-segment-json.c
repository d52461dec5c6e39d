/* clt-segment-json.c: segment definitions as JSON
 *
 *   { "version": 1, "match": "all", "children": [
 *       { "type": "condition", "kind": "attribute", "field": "city", "operator": "is", "values": ["München"] },
 *       { "type": "condition", "kind": "behaviour", "field": "purchase", "aggregate": "count",
 *         "operator": ">=", "values": ["3"], "filters": { "product": "Espresso" },
 *         "window": { "type": "last-days", "days": 90 } },
 *       { "type": "condition", "kind": "consent", "field": "email_marketing", "channel": "email",
 *         "operator": "is", "values": ["given"] },
 *       { "type": "group", "match": "none", "children": [ … ] },
 *       { "type": "segment", "id": 4 } ] }
 *
 * Reading is strict: an unknown version, member, kind, operator or value is an error that
 * names it and where it is (a JSON pointer such as /children/1/values/0).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-segment-json.h"
#include "clt-segment-node-private.h"
#include "clt-segment-private.h"

static const char * const match_ids[] = { "all", "any", "none", NULL };
static const char * const kind_ids[] = { "attribute", "source", "behaviour", "consent", NULL };
static const char * const aggregate_ids[] = { "count", "sum", "average", "first", "last", NULL };
static const char * const window_ids[] = { "always", "last-days", "between", "before-event", "after-event", NULL };

/* ---- writing ---- */

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_clt_condition_build_json (CltCondition *self,
                           JsonBuilder  *builder)
{
  CltConditionKind kind = clt_condition_get_kind (self);
  const char * const *values = clt_condition_get_values (self);

  json_builder_begin_object (builder);
  add_member (builder, "type", "condition");
  add_member (builder, "kind", kind_ids[kind]);
  add_member (builder, "field", clt_condition_get_field (self));
  if (kind == CLT_CONDITION_CONSENT)
    add_member (builder, "channel", clt_condition_get_channel (self));
  if (kind == CLT_CONDITION_BEHAVIOUR)
    add_member (builder, "aggregate", aggregate_ids[clt_condition_get_aggregate (self)]);
  add_member (builder, "operator", clt_segment_operator_to_string (clt_condition_get_operator (self)));
  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  for (guint i = 0; values[i]; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);

  if (kind == CLT_CONDITION_BEHAVIOUR)
    {
      CltTimeWindow window = clt_condition_get_window (self);

      if (clt_condition_get_product (self) || clt_condition_get_store (self) || clt_condition_get_campaign (self) ||
          clt_condition_get_amount_min (self) || clt_condition_get_amount_max (self))
        {
          json_builder_set_member_name (builder, "filters");
          json_builder_begin_object (builder);
          add_member (builder, "product", clt_condition_get_product (self));
          add_member (builder, "store", clt_condition_get_store (self));
          add_member (builder, "campaign", clt_condition_get_campaign (self));
          add_member (builder, "amount-min", clt_condition_get_amount_min (self));
          add_member (builder, "amount-max", clt_condition_get_amount_max (self));
          json_builder_end_object (builder);
        }

      json_builder_set_member_name (builder, "window");
      json_builder_begin_object (builder);
      add_member (builder, "type", window_ids[window]);
      if (window == CLT_TIME_WINDOW_LAST_DAYS)
        {
          json_builder_set_member_name (builder, "days");
          json_builder_add_int_value (builder, clt_condition_get_window_days (self));
        }
      else if (window == CLT_TIME_WINDOW_BETWEEN)
        {
          add_member (builder, "from", clt_condition_get_window_from (self));
          add_member (builder, "to", clt_condition_get_window_to (self));
        }
      else if (window == CLT_TIME_WINDOW_BEFORE_EVENT || window == CLT_TIME_WINDOW_AFTER_EVENT)
        add_member (builder, "event", clt_condition_get_window_event (self));
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
}

/**
 * clt_segment_definition_to_json:
 *
 * Returns: (transfer full): the whole definition with its version, as clt_segment_definition_from_json() reads it
 */
char *
clt_segment_definition_to_json (CltSegmentGroup *root)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (root), NULL);

  _clt_segment_node_build_json (CLT_SEGMENT_NODE (root), builder);
  node = json_builder_get_root (builder);
  object = json_node_get_object (node);
  json_object_remove_member (object, "type");
  /* The version first, for a person reading the file. */
  {
    g_autoptr(JsonObject) whole = json_object_new ();
    g_autoptr(JsonNode) whole_node = json_node_new (JSON_NODE_OBJECT);

    json_object_set_int_member (whole, "version", CLT_SEGMENT_DEFINITION_VERSION);
    json_object_set_member (whole, "match", json_object_dup_member (object, "match"));
    json_object_set_member (whole, "children", json_object_dup_member (object, "children"));
    json_node_set_object (whole_node, whole);
    json_generator_set_root (generator, whole_node);
  }

  return json_generator_to_data (generator, NULL);
}

/* ---- reading ---- */

static gboolean
fail (GError     **error,
      const char  *where,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      const char  *where,
      const char  *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_INVALID, _("%s: %s"), where[0] ? where : "/", message);

  return FALSE;
}

static gboolean
check_members (JsonObject          *object,
               const char * const  *allowed,
               const char          *where,
               GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return fail (error, where, _("unknown field “%s”"), (const char *) l->data);

  return TRUE;
}

/* A string member, or NULL when absent; not a string is an error. */
static gboolean
get_string (JsonObject   *object,
            const char   *name,
            gboolean      required,
            const char  **out,
            const char   *where,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, where, _("“%s” is missing"), name);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, where, _("“%s” is not a string"), name);

  *out = json_node_get_string (node);

  return TRUE;
}

static gboolean
get_choice (JsonObject          *object,
            const char          *name,
            const char * const  *choices,
            int                  fallback,
            int                 *out,
            const char          *where,
            GError             **error)
{
  const char *text;

  if (!get_string (object, name, fallback < 0, &text, where, error))
    return FALSE;
  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  for (int i = 0; choices[i]; i++)
    if (g_str_equal (choices[i], text))
      {
        *out = i;
        return TRUE;
      }

  return fail (error, where, _("unknown %s “%s”"), name, text);
}

static CltSegmentNode *read_node (JsonNode *node, const char *where, GError **error);

static gboolean
read_children (CltSegmentGroup  *group,
               JsonObject       *object,
               const char       *where,
               GError          **error)
{
  JsonNode *children = json_object_get_member (object, "children");
  JsonArray *array;

  if (children == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (children))
    return fail (error, where, _("“children” is not a list"));

  array = json_node_get_array (children);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *child_where = g_strdup_printf ("%s/children/%u", where, i);
      g_autoptr(CltSegmentNode) child = read_node (json_array_get_element (array, i), child_where, error);

      if (child == NULL)
        return FALSE;
      clt_segment_group_append (group, child);
    }

  return TRUE;
}

static CltSegmentNode *
read_condition (JsonObject  *object,
                const char  *where,
                GError     **error)
{
  static const char * const allowed[] = {
    "type", "kind", "field", "channel", "aggregate", "operator", "values", "filters", "window", NULL
  };
  static const char * const filter_members[] = { "product", "store", "campaign", "amount-min", "amount-max", NULL };
  static const char * const window_members[] = { "type", "days", "from", "to", "event", NULL };
  g_autoptr(CltCondition) condition = g_object_new (CLT_TYPE_CONDITION, NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  JsonNode *values_node;
  const char *field, *channel, *op_text;
  CltOperator op;
  int kind, aggregate;

  if (!check_members (object, allowed, where, error) ||
      !get_choice (object, "kind", kind_ids, -1, &kind, where, error) ||
      !get_string (object, "field", TRUE, &field, where, error) ||
      !get_string (object, "channel", FALSE, &channel, where, error) ||
      !get_choice (object, "aggregate", aggregate_ids, CLT_AGGREGATE_COUNT, &aggregate, where, error) ||
      !get_string (object, "operator", TRUE, &op_text, where, error))
    return NULL;

  if (!clt_segment_operator_from_string (op_text, &op))
    {
      fail (error, where, _("unknown operator “%s”"), op_text);
      return NULL;
    }

  if ((values_node = json_object_get_member (object, "values")) != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (values_node))
        {
          fail (error, where, _("“values” is not a list"));
          return NULL;
        }
      array = json_node_get_array (values_node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *value = json_array_get_element (array, i);
          g_autofree char *value_where = g_strdup_printf ("%s/values/%u", where, i);
          GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

          /* Numbers are taken as their text; anything else but a string is an error. */
          if (type == G_TYPE_STRING)
            g_ptr_array_add (values, g_strdup (json_node_get_string (value)));
          else if (type == G_TYPE_INT64)
            g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value)));
          else if (type == G_TYPE_DOUBLE)
            {
              char buffer[G_ASCII_DTOSTR_BUF_SIZE];

              g_ptr_array_add (values, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (value))));
            }
          else
            {
              fail (error, value_where, _("a value is text or a number"));
              return NULL;
            }
        }
    }
  g_ptr_array_add (values, NULL);

  clt_condition_set_kind (condition, kind);
  clt_condition_set_field (condition, field);
  clt_condition_set_channel (condition, channel);
  clt_condition_set_aggregate (condition, aggregate);
  clt_condition_set_operator (condition, op);
  clt_condition_set_values (condition, (const char * const *) values->pdata);

  if (json_object_has_member (object, "filters"))
    {
      JsonNode *node = json_object_get_member (object, "filters");
      g_autofree char *filters_where = g_strconcat (where, "/filters", NULL);
      JsonObject *filters;
      const char *text[5];

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, filters_where, _("not an object"));
          return NULL;
        }
      filters = json_node_get_object (node);
      if (!check_members (filters, filter_members, filters_where, error))
        return NULL;
      for (guint i = 0; i < G_N_ELEMENTS (text); i++)
        if (!get_string (filters, filter_members[i], FALSE, &text[i], filters_where, error))
          return NULL;
      clt_condition_set_product (condition, text[0]);
      clt_condition_set_store (condition, text[1]);
      clt_condition_set_campaign (condition, text[2]);
      clt_condition_set_amount_min (condition, text[3]);
      clt_condition_set_amount_max (condition, text[4]);
    }

  if (json_object_has_member (object, "window"))
    {
      JsonNode *node = json_object_get_member (object, "window");
      g_autofree char *window_where = g_strconcat (where, "/window", NULL);
      JsonObject *window;
      const char *from, *to, *event;
      int type;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, window_where, _("not an object"));
          return NULL;
        }
      window = json_node_get_object (node);
      if (!check_members (window, window_members, window_where, error) ||
          !get_choice (window, "type", window_ids, -1, &type, window_where, error) ||
          !get_string (window, "from", FALSE, &from, window_where, error) ||
          !get_string (window, "to", FALSE, &to, window_where, error) ||
          !get_string (window, "event", FALSE, &event, window_where, error))
        return NULL;
      if (json_object_has_member (window, "days"))
        {
          JsonNode *days = json_object_get_member (window, "days");

          if (!JSON_NODE_HOLDS_VALUE (days) || json_node_get_value_type (days) != G_TYPE_INT64 ||
              json_node_get_int (days) < 1 || json_node_get_int (days) > 100000)
            {
              fail (error, window_where, _("“days” is not a number of days from 1 to 100000"));
              return NULL;
            }
          clt_condition_set_window_days (condition, (guint) json_node_get_int (days));
        }
      clt_condition_set_window (condition, type);
      clt_condition_set_window_dates (condition, from, to);
      clt_condition_set_window_event (condition, event);
    }

  if (!_clt_condition_validate (condition, where[0] ? where : "/", error))
    return NULL;

  return CLT_SEGMENT_NODE (g_steal_pointer (&condition));
}

static CltSegmentNode *
read_node (JsonNode    *node,
           const char  *where,
           GError     **error)
{
  static const char * const group_members[] = { "type", "match", "children", NULL };
  static const char * const ref_members[] = { "type", "id", NULL };
  JsonObject *object;
  const char *type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, _("not an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!get_string (object, "type", TRUE, &type, where, error))
    return NULL;

  if (g_str_equal (type, "group"))
    {
      g_autoptr(CltSegmentGroup) group = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
      int match;

      if (!check_members (object, group_members, where, error) ||
          !get_choice (object, "match", match_ids, CLT_SEGMENT_MATCH_ALL, &match, where, error))
        return NULL;
      clt_segment_group_set_match (group, match);
      if (!read_children (group, object, where, error))
        return NULL;

      return CLT_SEGMENT_NODE (g_steal_pointer (&group));
    }
  else if (g_str_equal (type, "condition"))
    return read_condition (object, where, error);
  else if (g_str_equal (type, "segment"))
    {
      JsonNode *id = json_object_get_member (object, "id");

      if (!check_members (object, ref_members, where, error))
        return NULL;
      if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64 ||
          json_node_get_int (id) < 1)
        {
          fail (error, where, _("“id” is not a segment number"));
          return NULL;
        }

      return CLT_SEGMENT_NODE (clt_segment_ref_new (json_node_get_int (id)));
    }

  fail (error, where, _("unknown type “%s” (group, condition or segment)"), type);

  return NULL;
}

/**
 * clt_segment_definition_from_json:
 * @length: the length of @json, or -1 when it ends with a NUL
 *
 * Reads a definition written by clt_segment_definition_to_json(). Errors
 * (%CLT_SEGMENT_ERROR_VERSION, %CLT_SEGMENT_ERROR_INVALID) name the member and where it is.
 *
 * Returns: (transfer full): the root group, or %NULL
 */
CltSegmentGroup *
clt_segment_definition_from_json (const char  *json,
                                  gssize       length,
                                  GError     **error)
{
  static const char * const root_members[] = { "version", "match", "children", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CltSegmentGroup) group = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *version;
  int match;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &parse_error))
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_INVALID,
                   _("The segment definition is not JSON: %s"), parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, "/", _("a segment definition is an object"));
      return NULL;
    }
  object = json_node_get_object (root);

  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_VERSION,
                   _("/version: the segment definition has no version number"));
      return NULL;
    }
  if (json_node_get_int (version) != CLT_SEGMENT_DEFINITION_VERSION)
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_VERSION,
                   _("/version: segment definition version %lld is unknown (this Clientele reads version %d)"),
                   (long long) json_node_get_int (version), CLT_SEGMENT_DEFINITION_VERSION);
      return NULL;
    }

  if (!check_members (object, root_members, "", error) ||
      !get_choice (object, "match", match_ids, CLT_SEGMENT_MATCH_ALL, &match, "/", error))
    return NULL;

  group = clt_segment_group_new (match);
  if (!read_children (group, object, "", error))
    return NULL;

  return g_steal_pointer (&group);
}
