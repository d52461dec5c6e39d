/* clt-sample.c: a sample workspace of invented customers, for a first look
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-sample"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>

#include "clt-sample.h"
#include "clt-workspace-private.h"

/* Invented people: every name, street and address below is made up. */
static const char * const first_names[] = {
  "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jürgen",
  "Katharina", "Lukas", "Marie", "Niklas", "Olga", "Paul", "Rosa", "Stefan", "Tanja", "Uwe",
  "Vera", "Wolfgang", "Yvonne", "Zoe", "Thomas", "Sabine", "Mehmet", "Aylin", "Jan", "Lea",
};
static const char * const last_names[] = {
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
  "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
  "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Yilmaz", "Kaya", "Nowak",
};
static const struct { const char *city; const char *postcode; } places[] = {
  { "München", "80331" }, { "Berlin", "10115" }, { "Hamburg", "20095" }, { "Köln", "50667" },
  { "Leipzig", "04109" }, { "Dresden", "01067" }, { "Freiburg im Breisgau", "79098" },
  { "Nürnberg", "90402" }, { "Bremen", "28195" }, { "Wien", "1010" }, { "Zürich", "8001" },
};
static const char * const streets[] = {
  "Hauptstraße", "Bahnhofstr.", "Lindenweg", "Gartenstraße", "Schillerstraße", "Am Markt",
  "Goethestr.", "Kirchgasse", "Rosenweg", "Bergstraße",
};
static const char * const mail_domains[] = {
  "example.com", "example.org", "example.net", "beispiel.de", "muster.at",
};
static const char * const products[] = {
  "Espresso", "Filterkaffee", "Cappuccino-Bohnen", "Milchschäumer", "Entkalker", "Gutschein",
};

static const struct { const char *kind; const char *name; int priority; } sources[] = {
  { "hubspot", N_("CRM"), 10 },
  { "mailchimp", N_("Newsletter"), 30 },
  { "shopify", N_("Online shop"), 20 },
  { "loyalty", N_("Loyalty card"), 40 },
};

typedef struct
{
  CltWorkspace *workspace;
  GRand        *rand;
  GDateTime    *now;
  sqlite3_stmt *insert_record;
  sqlite3_stmt *insert_attribute;
  sqlite3_stmt *insert_event;
  sqlite3_stmt *insert_consent;
  gint64        source_ids[G_N_ELEMENTS (sources)];
  gint64        batch_ids[G_N_ELEMENTS (sources)];
  guint         rows[G_N_ELEMENTS (sources)];
} Sample;

#define PICK(s, array) ((array)[g_rand_int_range ((s)->rand, 0, G_N_ELEMENTS (array))])

static char *
iso_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
ascii_fold (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *lower = g_utf8_strdown (text, -1);

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case 0xe4: g_string_append (out, "ae"); break;
        case 0xf6: g_string_append (out, "oe"); break;
        case 0xfc: g_string_append (out, "ue"); break;
        case 0xdf: g_string_append (out, "ss"); break;
        case ' ': g_string_append_c (out, '.'); break;
        default:
          if (c < 0x80)
            g_string_append_c (out, (char) c);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
insert_row (Sample      *s,
            const char  *sql,
            const char  *a,
            const char  *b,
            gint64       c,
            GError     **error)
{
  sqlite3 *db = _clt_workspace_get_db (s->workspace);
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (s->workspace, sql, error);

  if (stmt == NULL)
    return -1;

  /* Binds as many of a, b and c as the statement has parameters. */
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, c);

  if (!_clt_workspace_step_done (s->workspace, stmt, error))
    return -1;

  return sqlite3_last_insert_rowid (db);
}

static gboolean
add_attribute (Sample      *s,
               gint64       profile_id,
               const char  *field,
               const char  *value,
               gint64       record_id,
               const char  *now,
               GError     **error)
{
  sqlite3_stmt *stmt = s->insert_attribute;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, record_id);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);

  return _clt_workspace_step_done (s->workspace, stmt, error);
}

static gint64
add_record (Sample      *s,
            guint        source,
            gint64       profile_id,
            JsonObject  *raw,
            const char  *external_id,
            GError     **error)
{
  sqlite3_stmt *stmt = s->insert_record;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, raw);
  text = json_to_string (node, FALSE);

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, s->source_ids[source]);
  sqlite3_bind_int64 (stmt, 2, s->batch_ids[source]);
  sqlite3_bind_int64 (stmt, 3, ++s->rows[source]);
  sqlite3_bind_text (stmt, 4, external_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, profile_id);

  if (!_clt_workspace_step_done (s->workspace, stmt, error))
    return -1;

  return sqlite3_last_insert_rowid (_clt_workspace_get_db (s->workspace));
}

static gboolean
add_event (Sample      *s,
           gint64       profile_id,
           gint64       record_id,
           const char  *kind,
           GDateTime   *when,
           gint64       amount_cents,
           const char  *detail,
           GError     **error)
{
  sqlite3_stmt *stmt = s->insert_event;
  g_autofree char *at = iso_time (when);

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, record_id);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, at, -1, SQLITE_TRANSIENT);
  if (amount_cents > 0)
    {
      sqlite3_bind_int64 (stmt, 5, amount_cents);
      sqlite3_bind_text (stmt, 6, "EUR", -1, SQLITE_STATIC);
    }
  else
    {
      sqlite3_bind_null (stmt, 5);
      sqlite3_bind_null (stmt, 6);
    }
  sqlite3_bind_text (stmt, 7, detail, -1, SQLITE_TRANSIENT);

  return _clt_workspace_step_done (s->workspace, stmt, error);
}

static gboolean
add_consent (Sample      *s,
             const char  *email,
             const char  *action,
             GDateTime   *when,
             const char  *evidence,
             gint64       record_id,
             GError     **error)
{
  sqlite3_stmt *stmt = s->insert_consent;
  g_autofree char *at = iso_time (when);
  g_autofree char *now = iso_time (s->now);

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, evidence, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, record_id);
  sqlite3_bind_int64 (stmt, 7, s->batch_ids[1]);

  return _clt_workspace_step_done (s->workspace, stmt, error);
}

static gboolean
add_person (Sample  *s,
            guint    index,
            GError **error)
{
  sqlite3 *db = _clt_workspace_get_db (s->workspace);
  const char *first = PICK (s, first_names);
  const char *last = PICK (s, last_names);
  guint place = g_rand_int_range (s->rand, 0, G_N_ELEMENTS (places));
  g_autofree char *local = g_strdup_printf ("%s.%s", first, last);
  g_autofree char *folded = ascii_fold (local);
  g_autofree char *email = g_strdup_printf ("%s%u@%s", folded, index, PICK (s, mail_domains));
  g_autofree char *street = g_strdup_printf ("%s %d", PICK (s, streets), g_rand_int_range (s->rand, 1, 120));
  g_autofree char *phone = g_strdup_printf ("+49151%08d", g_rand_int_range (s->rand, 0, 99999999));
  g_autofree char *crm_id = g_strdup_printf ("%u", 100000 + index);
  g_autofree char *now = iso_time (s->now);
  g_autoptr(GDateTime) since = g_date_time_add_days (s->now, -g_rand_int_range (s->rand, 30, 6 * 365));
  g_autofree char *since_text = iso_time (since);
  g_autoptr(JsonObject) crm = json_object_new ();
  gint64 profile_id;
  gint64 crm_record;

  if (insert_row (s, "INSERT INTO profiles (created_at, updated_at) VALUES (?1, ?2)",
                  since_text, now, 0, error) < 0)
    return FALSE;
  profile_id = sqlite3_last_insert_rowid (db);

  json_object_set_string_member (crm, "Record ID", crm_id);
  json_object_set_string_member (crm, "First Name", first);
  json_object_set_string_member (crm, "Last Name", last);
  json_object_set_string_member (crm, "Email", email);
  json_object_set_string_member (crm, "Phone Number", phone);
  json_object_set_string_member (crm, "Street Address", street);
  json_object_set_string_member (crm, "Postal Code", places[place].postcode);
  json_object_set_string_member (crm, "City", places[place].city);
  json_object_set_string_member (crm, "Create Date", since_text);
  if ((crm_record = add_record (s, 0, profile_id, crm, crm_id, error)) < 0)
    return FALSE;

  if (!add_attribute (s, profile_id, "first_name", first, crm_record, now, error) ||
      !add_attribute (s, profile_id, "last_name", last, crm_record, now, error) ||
      !add_attribute (s, profile_id, "email", email, crm_record, now, error) ||
      !add_attribute (s, profile_id, "phone", phone, crm_record, now, error) ||
      !add_attribute (s, profile_id, "street", street, crm_record, now, error) ||
      !add_attribute (s, profile_id, "postcode", places[place].postcode, crm_record, now, error) ||
      !add_attribute (s, profile_id, "city", places[place].city, crm_record, now, error))
    return FALSE;

  /* Two in three are on the newsletter, most of them confirmed by double opt-in. */
  if (g_rand_int_range (s->rand, 0, 3) != 0)
    {
      g_autoptr(JsonObject) member = json_object_new ();
      g_autoptr(GDateTime) optin = g_date_time_add_days (since, g_rand_int_range (s->rand, 0, 30));
      g_autoptr(GDateTime) confirm = g_date_time_add_minutes (optin, g_rand_int_range (s->rand, 2, 300));
      g_autofree char *optin_text = iso_time (optin);
      g_autofree char *confirm_text = iso_time (confirm);
      g_autofree char *evidence = g_strdup_printf ("{\"double_opt_in\":{\"request\":\"%s\",\"confirm\":\"%s\"}}",
                                                   optin_text, confirm_text);
      gint64 record;

      json_object_set_string_member (member, "Email Address", email);
      json_object_set_string_member (member, "First Name", first);
      json_object_set_string_member (member, "Last Name", last);
      json_object_set_string_member (member, "OPTIN_TIME", optin_text);
      json_object_set_string_member (member, "CONFIRM_TIME", confirm_text);
      if ((record = add_record (s, 1, profile_id, member, NULL, error)) < 0 ||
          !add_consent (s, email, "given", confirm, evidence, record, error))
        return FALSE;

      for (guint i = g_rand_int_range (s->rand, 0, 6); i > 0; i--)
        {
          g_autoptr(GDateTime) opened = g_date_time_add_days (s->now, -g_rand_int_range (s->rand, 1, 400));

          if (!add_event (s, profile_id, record, "newsletter_open", opened, 0, "{\"campaign\":\"Herbst-Newsletter\"}", error))
            return FALSE;
        }

      if (g_rand_int_range (s->rand, 0, 8) == 0)
        {
          g_autoptr(GDateTime) unsub = g_date_time_add_days (s->now, -g_rand_int_range (s->rand, 1, 200));

          if (!add_consent (s, email, "withdrawn", unsub, "{\"reason\":\"unsubscribe link\"}", record, error) ||
              !add_event (s, profile_id, record, "unsubscribe", unsub, 0, NULL, error))
            return FALSE;
        }
    }

  /* Half have shopped online; a third carry the loyalty card. */
  for (guint source = 2; source <= 3; source++)
    {
      g_autoptr(JsonObject) row = json_object_new ();
      g_autofree char *external = g_strdup_printf ("%s-%u", source == 2 ? "C" : "K", 5000 + index);
      gint64 record;

      if (g_rand_int_range (s->rand, 0, source == 2 ? 2 : 3) != 0)
        continue;

      json_object_set_string_member (row, source == 2 ? "Customer ID" : "Kartennummer", external);
      json_object_set_string_member (row, source == 2 ? "First Name" : "Vorname", first);
      json_object_set_string_member (row, source == 2 ? "Last Name" : "Nachname", last);
      json_object_set_string_member (row, source == 2 ? "Email" : "E-Mail", email);
      if ((record = add_record (s, source, profile_id, row, external, error)) < 0)
        return FALSE;

      for (guint i = g_rand_int_range (s->rand, 1, 12); i > 0; i--)
        {
          g_autoptr(GDateTime) bought = g_date_time_add_days (s->now, -g_rand_int_range (s->rand, 1, 700));
          g_autofree char *detail = g_strdup_printf ("{\"items\":[\"%s\"]}", PICK (s, products));

          if (!add_event (s, profile_id, record, source == 2 ? "purchase" : "loyalty_receipt", bought,
                          g_rand_int_range (s->rand, 350, 12000), detail, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
fill (Sample  *s,
      guint    n_people,
      GError **error)
{
  g_autofree char *now = iso_time (s->now);
  static const char * const files[] = {
    "hubspot-contacts.csv", "subscribed_members_export.csv", "customers_export.csv", "kundenkarte.csv",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      if ((s->source_ids[i] = insert_row (s, "INSERT INTO sources (kind, name, priority, created_at) VALUES (?1, ?2, ?3, strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                                          sources[i].kind, _(sources[i].name), sources[i].priority, error)) < 0 ||
          (s->batch_ids[i] = insert_row (s, "INSERT INTO import_batches (file_name, preset, source_id, started_at, finished_at, state, encoding) "
                                            "VALUES (?1, ?2, ?3, strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), 'done', 'UTF-8')",
                                         files[i], sources[i].kind, s->source_ids[i], error)) < 0)
        return FALSE;
    }

  s->insert_record = _clt_workspace_prepare (s->workspace,
    "INSERT INTO source_records (source_id, batch_id, row_number, external_id, raw, profile_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  s->insert_attribute = _clt_workspace_prepare (s->workspace,
    "INSERT INTO profile_attributes (profile_id, field, value, source_record_id, rule, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, 'source priority', ?5)", error);
  s->insert_event = _clt_workspace_prepare (s->workspace,
    "INSERT INTO events (profile_id, source_record_id, kind, occurred_at, amount_cents, currency, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  s->insert_consent = _clt_workspace_prepare (s->workspace,
    "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, "
    "recorded_time, method, actor, evidence, source_record_id, batch_id) "
    "VALUES ('email', ?1, 'email_marketing', 'email', ?2, ?3, ?4, 'double opt-in', 'sample', ?5, ?6, ?7)", error);
  if (s->insert_record == NULL || s->insert_attribute == NULL || s->insert_event == NULL || s->insert_consent == NULL)
    return FALSE;

  for (guint i = 0; i < n_people; i++)
    {
      if (!add_person (s, i, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (s->workspace,
        "UPDATE import_batches SET rows_total = ?1, rows_new = ?1 WHERE id = ?2", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, s->rows[i]);
      sqlite3_bind_int64 (stmt, 2, s->batch_ids[i]);
      if (!_clt_workspace_step_done (s->workspace, stmt, error))
        return FALSE;
    }

  return insert_row (s, "INSERT OR REPLACE INTO workspace_meta (key, value) VALUES (?1, ?2)",
                     "sample", now, 0, error) >= 0;
}

/**
 * clt_sample_fill:
 * @workspace: an empty workspace
 * @n_people: how many invented customers to add
 * @seed: the seed, so the same call makes the same data
 *
 * Fills @workspace with invented customers from four sources (CRM, newsletter,
 * shop and loyalty card), with their purchases and newsletter consents, in one
 * transaction.
 */
gboolean
clt_sample_fill (CltWorkspace  *workspace,
                 guint          n_people,
                 guint32        seed,
                 GError       **error)
{
  Sample s = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!clt_workspace_is_empty (workspace))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("Sample data goes only into an empty workspace"));
      return FALSE;
    }

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;

  s.workspace = workspace;
  s.rand = g_rand_new_with_seed (seed);
  s.now = g_date_time_new_now_utc ();

  ok = fill (&s, n_people, error);

  g_clear_pointer (&s.insert_record, sqlite3_finalize);
  g_clear_pointer (&s.insert_attribute, sqlite3_finalize);
  g_clear_pointer (&s.insert_event, sqlite3_finalize);
  g_clear_pointer (&s.insert_consent, sqlite3_finalize);
  g_clear_pointer (&s.rand, g_rand_free);
  g_clear_pointer (&s.now, g_date_time_unref);

  if (!ok || !_clt_workspace_commit (workspace, error))
    {
      _clt_workspace_rollback (workspace);
      return FALSE;
    }

  return TRUE;
}
