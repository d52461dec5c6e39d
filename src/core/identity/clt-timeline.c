/* clt-timeline.c: what happened to a customer, newest first, and their key facts
 *
 * A customer's story comes from their events (purchases, receipts, newsletter sign-ups,
 * unsubscribes, bounces), the consent events of their e-mail addresses that no event already
 * tells, their records' creation dates and later changes in the source systems, and the merges
 * and splits that shaped them. It is read a page at a time, keyset-paginated on (time, kind of
 * row, id), so a history of thousands of events opens as fast as a short one. A customer's
 * addresses are found from their records (CROSS JOIN keeps that order, and "+i.kind" the
 * lookup by record: by kind, SQLite would read every address in the workspace).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-timeline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "clt-timeline.h"
#include "clt-workspace-private.h"

/* The rows of a timeline, each tagged by where it comes from: events 0, consent events 1,
 * records created 2, records changed 3, merges and splits 4. */
static const char timeline_sql[] =
  "WITH addresses (value) AS ("
  "  SELECT DISTINCT i.value FROM source_records r CROSS JOIN record_identifiers i ON i.record_id = r.id"
  "  WHERE r.profile_id = ?1 AND +i.kind = 'email'), "
  "story (at, tag, id, kind, amount, currency, detail, action, purpose, channel, identifier, method, record) AS ("
  "  SELECT e.occurred_at, 0, e.id, e.kind, e.amount_cents, e.currency, e.detail, NULL, NULL, NULL, NULL, NULL,"
  "         e.source_record_id"
  "  FROM events e WHERE e.profile_id = ?1"
  "  UNION ALL"
  "  SELECT c.event_time, 1, c.id, 'consent', NULL, NULL, NULL, c.action, c.purpose, c.channel, c.identifier,"
  "         c.method, c.source_record_id"
  "  FROM consent_events c"
  "  WHERE c.identifier_kind = 'email' AND c.identifier IN (SELECT value FROM addresses)"
  "    AND NOT EXISTS (SELECT 1 FROM events e WHERE e.source_record_id = c.source_record_id"
  "                    AND e.occurred_at = c.event_time AND e.profile_id = ?1)"
  "  UNION ALL"
  "  SELECT json_extract (r.normalized, '$.created_at'), 2, r.id, 'record_created', NULL, NULL, NULL, NULL, NULL,"
  "         NULL, NULL, NULL, r.id"
  "  FROM source_records r WHERE r.profile_id = ?1 AND json_extract (r.normalized, '$.created_at') IS NOT NULL"
  "  UNION ALL"
  "  SELECT b.started_at, 3, ch.id, 'record_changed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ch.record_id"
  "  FROM record_changes ch JOIN source_records r ON r.id = ch.record_id"
  "  JOIN import_batches b ON b.id = ch.batch_id WHERE r.profile_id = ?1"
  "  UNION ALL"
  "  SELECT o.created_at, 4, o.id, o.kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
  "  FROM profile_operations o WHERE (o.profile_id = ?1 OR o.other_id = ?1) AND o.undone_at IS NULL) "
  "SELECT s.at, s.tag, s.id, s.kind, s.amount, s.currency, s.detail, s.action, s.purpose, s.channel,"
  "       s.identifier, s.method, src.name, b.file_name, coalesce (r.data_row, r.row_number) "
  "FROM story s LEFT JOIN source_records r ON r.id = s.record"
  " LEFT JOIN sources src ON src.id = r.source_id LEFT JOIN import_batches b ON b.id = r.batch_id "
  "WHERE ?2 IS NULL OR (s.at, s.tag, s.id) < (?2, ?3, ?4) "
  "ORDER BY s.at DESC, s.tag DESC, s.id DESC LIMIT ?5";

static CltTimelineKind
kind_from_text (const char *kind)
{
  static const struct { const char *text; CltTimelineKind kind; } kinds[] = {
    { "purchase", CLT_TIMELINE_PURCHASE },
    { "loyalty_receipt", CLT_TIMELINE_RECEIPT },
    { "newsletter_optin", CLT_TIMELINE_NEWSLETTER_OPTIN },
    { "newsletter_confirm", CLT_TIMELINE_NEWSLETTER_CONFIRM },
    { "unsubscribe", CLT_TIMELINE_UNSUBSCRIBE },
    { "bounce", CLT_TIMELINE_BOUNCE },
    { "consent", CLT_TIMELINE_CONSENT },
    { "record_created", CLT_TIMELINE_RECORD_CREATED },
    { "record_changed", CLT_TIMELINE_RECORD_CHANGED },
    { "merge", CLT_TIMELINE_MERGE },
    { "split", CLT_TIMELINE_SPLIT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].text) == 0)
      return kinds[i].kind;

  return CLT_TIMELINE_OTHER;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A purchase's detail: {"order": ..., "store": ..., "items": [{"name", "quantity", "price"}]}. */
static void
read_purchase (CltTimelineEvent *event,
               const char       *detail)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) items = g_strv_builder_new ();
  JsonObject *object;
  JsonArray *array;

  if (detail == NULL || !json_parser_load_from_data (parser, detail, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  object = json_node_get_object (json_parser_get_root (parser));
  event->order = g_strdup (member_string (object, "order"));
  event->store = g_strdup (member_string (object, "store"));
  if (!json_object_has_member (object, "items") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "items")))
    return;

  array = json_object_get_array_member (object, "items");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *name, *quantity;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      name = member_string (json_node_get_object (node), "name");
      quantity = member_string (json_node_get_object (node), "quantity");
      if (name == NULL)
        continue;
      if (quantity && g_strcmp0 (quantity, "1") != 0)
        /* A quantity and an item: "2 × Espresso" */
        g_strv_builder_take (items, g_strdup_printf ("%s × %s", quantity, name));
      else
        g_strv_builder_add (items, name);
    }
  event->items = g_strv_builder_end (items);
}

/**
 * clt_timeline_list:
 * @after: (nullable): where the previous page ended, or %NULL for the newest
 * @limit: how many at most
 *
 * Returns: (transfer full) (element-type CltTimelineEvent): what happened to @profile_id,
 *   newest first
 */
GPtrArray *
clt_timeline_list (CltWorkspace             *workspace,
                   gint64                    profile_id,
                   const CltTimelineCursor  *after,
                   guint                     limit,
                   GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_timeline_event_free);
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace, timeline_sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  if (after)
    {
      sqlite3_bind_text (stmt, 2, after->at, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, after->tag);
      sqlite3_bind_int64 (stmt, 4, after->id);
    }
  sqlite3_bind_int64 (stmt, 5, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltTimelineEvent *event = g_new0 (CltTimelineEvent, 1);
      event->at = dup_column (stmt, 0);
      event->cursor.at = g_strdup (event->at);
      event->cursor.tag = sqlite3_column_int (stmt, 1);
      event->cursor.id = sqlite3_column_int64 (stmt, 2);
      event->kind = kind_from_text ((const char *) sqlite3_column_text (stmt, 3));
      event->has_amount = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      event->amount_cents = sqlite3_column_int64 (stmt, 4);
      event->currency = dup_column (stmt, 5);
      if (event->kind == CLT_TIMELINE_PURCHASE || event->kind == CLT_TIMELINE_RECEIPT)
        read_purchase (event, (const char *) sqlite3_column_text (stmt, 6));
      event->action = dup_column (stmt, 7);
      event->purpose = dup_column (stmt, 8);
      event->channel = dup_column (stmt, 9);
      event->identifier = dup_column (stmt, 10);
      event->method = dup_column (stmt, 11);
      event->source = dup_column (stmt, 12);
      event->file = dup_column (stmt, 13);
      event->row = sqlite3_column_int64 (stmt, 14);
      g_ptr_array_add (events, event);
    }

  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the customer’s history"));
      return NULL;
    }

  return g_steal_pointer (&events);
}

/**
 * clt_timeline_get_facts:
 *
 * Returns: (transfer full): when @profile_id was first and last seen, their orders and spend
 */
CltProfileFacts *
clt_timeline_get_facts (CltWorkspace  *workspace,
                        gint64         profile_id,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CltProfileFacts) facts = g_new0 (CltProfileFacts, 1);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT min (first), max (e.last), max (e.bought), sum (e.orders), sum (e.spend), "
          "       (SELECT currency FROM events WHERE profile_id = ?1 AND currency IS NOT NULL "
          "        GROUP BY currency ORDER BY count(*) DESC LIMIT 1), sum (e.n) "
          "FROM (SELECT min (occurred_at) AS first, max (occurred_at) AS last, "
          "        max (CASE WHEN kind IN ('purchase', 'loyalty_receipt') THEN occurred_at END) AS bought, "
          "        count (CASE WHEN kind IN ('purchase', 'loyalty_receipt') THEN 1 END) AS orders, "
          "        sum (CASE WHEN kind IN ('purchase', 'loyalty_receipt') THEN amount_cents END) AS spend, "
          "        count(*) AS n "
          "      FROM events WHERE profile_id = ?1 "
          "      UNION ALL "
          "      SELECT min (coalesce (json_extract (r.normalized, '$.created_at'), b.started_at)), NULL, NULL, 0, 0, 0 "
          "      FROM source_records r JOIN import_batches b ON b.id = r.batch_id WHERE r.profile_id = ?1) e",
          error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the customer’s key facts"));
      return NULL;
    }

  facts->first_seen = dup_column (stmt, 0);
  facts->last_activity = dup_column (stmt, 1);
  facts->last_purchase = dup_column (stmt, 2);
  facts->orders = sqlite3_column_int (stmt, 3);
  facts->spend_cents = sqlite3_column_int64 (stmt, 4);
  facts->currency = dup_column (stmt, 5);
  facts->n_events = sqlite3_column_int (stmt, 6);

  return g_steal_pointer (&facts);
}

/**
 * clt_timeline_list_consent:
 *
 * The consent ledger's current state of each address (consent_current: the latest event
 * by event time, at the same instant the more restrictive); an address without one has no
 * consent.
 *
 * Returns: (transfer full) (element-type CltConsentState): the current consent of each of
 *   @profile_id's e-mail addresses for each purpose and channel it has events for
 */
GPtrArray *
clt_timeline_list_consent (CltWorkspace  *workspace,
                           gint64         profile_id,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_consent_state_free);
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT cc.identifier, cc.purpose, cc.channel, cc.action, cc.event_time, cc.proof FROM consent_current cc "
          "WHERE cc.identifier_kind = 'email' AND cc.identifier IN ("
          "  SELECT i.value FROM source_records r CROSS JOIN record_identifiers i ON i.record_id = r.id"
          "  WHERE r.profile_id = ?1 AND +i.kind = 'email') "
          "ORDER BY cc.purpose, cc.channel, cc.identifier", error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltConsentState *state = g_new0 (CltConsentState, 1);

      state->identifier = dup_column (stmt, 0);
      state->purpose = dup_column (stmt, 1);
      state->channel = dup_column (stmt, 2);
      state->action = dup_column (stmt, 3);
      state->event_time = dup_column (stmt, 4);
      state->confirmed = sqlite3_column_int (stmt, 5) != 0;
      g_ptr_array_add (states, state);
    }

  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the customer’s consent"));
      return NULL;
    }

  return g_steal_pointer (&states);
}

void
clt_timeline_event_free (CltTimelineEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->at);
  g_free (event->currency);
  g_free (event->order);
  g_free (event->store);
  g_strfreev (event->items);
  g_free (event->action);
  g_free (event->purpose);
  g_free (event->channel);
  g_free (event->identifier);
  g_free (event->method);
  g_free (event->source);
  g_free (event->file);
  g_free (event->cursor.at);
  g_free (event);
}

void
clt_profile_facts_free (CltProfileFacts *facts)
{
  if (facts == NULL)
    return;

  g_free (facts->first_seen);
  g_free (facts->last_activity);
  g_free (facts->last_purchase);
  g_free (facts->currency);
  g_free (facts);
}

void
clt_consent_state_free (CltConsentState *state)
{
  if (state == NULL)
    return;

  g_free (state->identifier);
  g_free (state->purpose);
  g_free (state->channel);
  g_free (state->action);
  g_free (state->event_time);
  g_free (state);
}
