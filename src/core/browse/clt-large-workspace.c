/* clt-large-workspace.c: a workspace of invented customers written straight into SQLite
 *
 * Profiles with one to three records in a CRM, a shop, a loyalty programme and a newsletter
 * tool (each with its identifiers), purchases and loyalty receipts over three years, and the
 * newsletter consent of most e-mail addresses: in one transaction with prepared statements.
 * A few profiles have about a thousand events each. The facts and search words are built by
 * the commit, as after any write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-large-workspace"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "clt-keys.h"
#include "clt-large-workspace.h"
#include "clt-workspace-private.h"

#define N_HEAVY        20
#define HEAVY_EVENTS   1000
/* 2023-01-01T00:00:00Z and three years on */
#define EPOCH_START    1672531200
#define EPOCH_SPAN     (3 * 365 * 86400)

static const char * const firsts[] = {
  "Anna", "Jürgen", "Zoë", "Thomas", "Sabine", "Mehmet", "Lea", "Stefan", "Müge", "Björn", "Ines", "Jörg",
  "Katharina", "Hannes", "José", "María", "Łukasz", "Agnieszka", "Olivia", "Noah", "Emma", "Ben", "Mia", "Paul",
  "Sophie", "Finn", "Hanna", "Elias", "Lena", "Felix", "Marie", "Lukas", "Frieda", "Ömer", "Ayşe", "Dragan",
  "Ivana", "Pierre", "Chloé", "Giulia", "Marco", "Sven", "Ingrid", "Ute", "Uwe", "Gisela", "Karl", "Renée",
  "Juergen", "Sören", "Maximilian", "Charlotte", "Leonie", "Tim", "Jana", "Nils", "Greta", "Oskar", "Ida", "Emil",
};
static const char * const lasts[] = {
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
  "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
  "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
  "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
  "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel",
  "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann",
  "Öztürk", "Yılmaz", "Kaya", "Nowak", "Kowalski", "García", "Rossi", "Dubois", "Jensen", "Groß", "Straßer",
  "Mueller", "Schaefer", "Kröger", "Böhm", "Jäger", "Pöschl", "Dürr", "Sánchez", "O'Neill",
};
static const struct { const char *city; const char *postcode; } places[] = {
  { "Berlin", "10115" }, { "Hamburg", "20095" }, { "München", "80331" }, { "Köln", "50667" },
  { "Frankfurt am Main", "60311" }, { "Stuttgart", "70173" }, { "Düsseldorf", "40213" }, { "Leipzig", "04109" },
  { "Dortmund", "44135" }, { "Essen", "45127" }, { "Bremen", "28195" }, { "Dresden", "01067" },
  { "Hannover", "30159" }, { "Nürnberg", "90402" }, { "Duisburg", "47051" }, { "Bochum", "44787" },
  { "Wuppertal", "42103" }, { "Bielefeld", "33602" }, { "Bonn", "53111" }, { "Münster", "48143" },
  { "Augsburg", "86150" }, { "Wiesbaden", "65183" }, { "Mönchengladbach", "41061" }, { "Gelsenkirchen", "45879" },
  { "Aachen", "52062" }, { "Braunschweig", "38100" }, { "Kiel", "24103" }, { "Freiburg im Breisgau", "79098" },
  { "Lübeck", "23552" }, { "Erfurt", "99084" }, { "Rostock", "18055" }, { "Mainz", "55116" },
  { "Würzburg", "97070" }, { "Regensburg", "93047" }, { "Wien", "1010" }, { "Zürich", "8001" },
  { "Graz", "8010" }, { "Salzburg", "5020" }, { "Basel", "4051" }, { "Rosenheim", "83022" },
};
static const char * const streets[] = {
  "Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße", "Bergstraße", "Lindenstraße",
  "Kirchstraße", "Am Markt", "Goethestraße", "Rosenweg", "Schillerstraße", "Waldweg", "Mühlenweg",
};
static const char * const domains[] = {
  "example.de", "example.com", "example.org", "mail.example.net", "web.example.de", "posteo.example",
};
static const struct { const char *kind; const char *name; } sources[] = {
  { "hubspot", "CRM" }, { "shopify", "Shop" }, { "loyalty", "Kundenkarte" }, { "mailchimp", "Newsletter" },
};

typedef struct
{
  CltWorkspace *workspace;
  GRand        *rand;
  sqlite3_stmt *profile;
  sqlite3_stmt *record;
  sqlite3_stmt *identifier;
  sqlite3_stmt *event;
  sqlite3_stmt *consent;
  gint64        record_id;
  guint         row[G_N_ELEMENTS (sources)];
} Gen;

static const char *
pick (GRand              *rand,
      const char * const *items,
      guint               n)
{
  return items[g_rand_int_range (rand, 0, n)];
}

static gboolean
step (Gen           *gen,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  gboolean ok = _clt_workspace_step_done (gen->workspace, stmt, error);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return ok;
}

static char *
iso_time (gint64 t)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
add_identifier (Gen         *gen,
                const char  *kind,
                const char  *value,
                GError     **error)
{
  sqlite3_bind_text (gen->identifier, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->identifier, 2, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (gen->identifier, 3, gen->record_id);

  return step (gen, gen->identifier, error);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gboolean
write_profile (Gen      *gen,
               gint64    id,
               guint     n_events,
               GError  **error)
{
  GRand *rand = gen->rand;
  const char *first = pick (rand, firsts, G_N_ELEMENTS (firsts));
  const char *last = pick (rand, lasts, G_N_ELEMENTS (lasts));
  guint place = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));
  g_autofree char *display = g_strdup_printf ("%s %s", first, last);
  g_autofree char *folded_first = clt_key_name (first);
  g_autofree char *folded_last = clt_key_name (last);
  g_autofree char *email = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *phone = g_strdup_printf ("+491%02d%07d", g_rand_int_range (rand, 50, 80),
                                            g_rand_int_range (rand, 0, 10000000));
  g_autofree char *street = g_strdup_printf ("%s %d", pick (rand, streets, G_N_ELEMENTS (streets)),
                                             g_rand_int_range (rand, 1, 120));
  g_autofree char *card = g_strdup_printf ("73%08" G_GINT64_FORMAT, id);
  g_autofree char *now = iso_time (EPOCH_START + EPOCH_SPAN);
  guint mask;

  g_strdelimit (folded_first, " ", '-');
  g_strdelimit (folded_last, " ", '-');
  email = g_strdup_printf ("%s.%s%s@%s", folded_first, folded_last, number,
                           pick (rand, domains, G_N_ELEMENTS (domains)));

  sqlite3_bind_int64 (gen->profile, 1, id);
  sqlite3_bind_text (gen->profile, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->profile, 3, display, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->profile, 4, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->profile, 5, last, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->profile, 6, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->profile, 7, phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->profile, 8, street, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->profile, 9, places[place].postcode, -1, SQLITE_STATIC);
  sqlite3_bind_text (gen->profile, 10, places[place].city, -1, SQLITE_STATIC);
  if (!step (gen, gen->profile, error))
    return FALSE;

  /* One to three of the four systems know the person. */
  do
    mask = g_rand_int_range (rand, 1, 16);
  while (__builtin_popcount (mask) > 3);

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      g_autofree char *external = NULL;

      if (!(mask & (1u << s)))
        continue;

      external = g_strdup_printf ("%s-%07u", s == 0 ? "CRM" : s == 1 ? "cus" : s == 2 ? "KK" : "mc", ++gen->row[s]);
      sqlite3_bind_int64 (gen->record, 1, s + 1);
      sqlite3_bind_int64 (gen->record, 2, s + 1);
      sqlite3_bind_int64 (gen->record, 3, gen->row[s] + 1);
      sqlite3_bind_text (gen->record, 4, external, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (gen->record, 5, id);
      if (!step (gen, gen->record, error))
        return FALSE;
      gen->record_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (gen->workspace));

      if (!add_identifier (gen, "email", email, error) ||
          !add_identifier (gen, "external", external, error) ||
          (s == 0 && !add_identifier (gen, "phone", phone, error)) ||
          (s == 2 && !add_identifier (gen, "card", card, error)))
        return FALSE;
    }

  /* Purchases in the shop, receipts at the till, in time order. */
  {
    g_autoptr(GArray) times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_events);

    for (guint e = 0; e < n_events; e++)
      {
        gint64 t = EPOCH_START + g_rand_int_range (rand, 0, EPOCH_SPAN);
        g_array_append_val (times, t);
      }
    g_array_sort (times, compare_times);

    for (guint e = 0; e < n_events; e++)
      {
        g_autofree char *at = iso_time (g_array_index (times, gint64, e));
        gboolean receipt = g_rand_int_range (rand, 0, 3) == 0;

        sqlite3_bind_int64 (gen->event, 1, id);
        sqlite3_bind_text (gen->event, 2, receipt ? "loyalty_receipt" : "purchase", -1, SQLITE_STATIC);
        sqlite3_bind_text (gen->event, 3, at, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (gen->event, 4, receipt ? g_rand_int_range (rand, 250, 4000) : g_rand_int_range (rand, 990, 25000));
        if (!step (gen, gen->event, error))
          return FALSE;
      }
  }

  /* Most addresses gave newsletter consent; some withdrew it later. */
  if (g_rand_int_range (rand, 0, 100) < 85)
    {
      gint64 t = EPOCH_START + g_rand_int_range (rand, 0, EPOCH_SPAN / 2);
      g_autofree char *given = iso_time (t);
      g_autofree char *withdrawn = iso_time (t + g_rand_int_range (rand, 86400, EPOCH_SPAN / 2));
      gboolean withdraw = g_rand_int_range (rand, 0, 100) < 20;

      for (guint c = 0; c < (withdraw ? 2u : 1u); c++)
        {
          sqlite3_bind_text (gen->consent, 1, email, -1, SQLITE_STATIC);
          sqlite3_bind_text (gen->consent, 2, c == 0 ? "given" : "withdrawn", -1, SQLITE_STATIC);
          sqlite3_bind_text (gen->consent, 3, c == 0 ? given : withdrawn, -1, SQLITE_STATIC);
          if (!step (gen, gen->consent, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Drops the indexes of the tables written in bulk; @deferred gets the statements that make
 * them again. */
static gboolean
defer_indexes (CltWorkspace  *workspace,
               GPtrArray     *deferred,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
          "AND tbl_name IN ('source_records', 'record_identifiers', 'events', 'consent_events')", error)))
    return FALSE;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (deferred, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }

  for (guint i = 0; i < names->len; i++)
    {
      /* Index names come from the schema itself. */
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"", (const char *) g_ptr_array_index (names, i));

      if (!_clt_workspace_exec (workspace, drop, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * clt_large_workspace_write:
 * @path: a new workspace file
 * @n_profiles: how many people
 * @n_events: how many purchases and receipts in all
 * @seed: the same seed writes the same people
 *
 * Writes a workspace of invented customers straight into SQLite, for measuring the profile
 * browser at scale (1,000,000 profiles and 5,000,000 events take about a minute).
 */
gboolean
clt_large_workspace_write (const char  *path,
                           guint        n_profiles,
                           guint        n_events,
                           guint        seed,
                           GError     **error)
{
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(sqlite3_stmt) source = NULL;
  g_autoptr(sqlite3_stmt) batch = NULL;
  g_autoptr(sqlite3_stmt) profile = NULL;
  g_autoptr(sqlite3_stmt) record = NULL;
  g_autoptr(sqlite3_stmt) identifier = NULL;
  g_autoptr(sqlite3_stmt) event = NULL;
  g_autoptr(sqlite3_stmt) consent = NULL;
  guint n_heavy = n_profiles >= 10 * N_HEAVY && n_events >= 4 * N_HEAVY * HEAVY_EVENTS ? N_HEAVY : 0;
  guint rest = n_events - n_heavy * HEAVY_EVENTS;
  g_autoptr(GPtrArray) deferred = g_ptr_array_new_with_free_func (g_free);
  guint64 written = 0;
  Gen gen = { 0 };

  g_return_val_if_fail (path != NULL, FALSE);

  if (!(workspace = clt_workspace_open (path, error)))
    return FALSE;
  if (!clt_workspace_is_empty (workspace))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("“%s” is not empty: invented customers go into a new workspace only"), path);
      return FALSE;
    }

  /* A new file written at once: no journal until it is whole (a failure leaves a file to
   * delete), a large page cache, and the indexes of the bulk tables made after their rows. */
  if (!_clt_workspace_exec (workspace, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                                       "PRAGMA cache_size = -524288", error) ||
      !_clt_workspace_begin (workspace, error) ||
      !defer_indexes (workspace, deferred, error) ||
      !(source = _clt_workspace_prepare (workspace,
          "INSERT INTO sources (id, kind, name, created_at) VALUES (?1, ?2, ?3, '2023-01-01T00:00:00Z')", error)) ||
      !(batch = _clt_workspace_prepare (workspace,
          "INSERT INTO import_batches (id, source_id, file_name, started_at, finished_at, state) "
          "VALUES (?1, ?1, 'generated', '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z', 'done')", error)) ||
      !(profile = _clt_workspace_prepare (workspace,
          "INSERT INTO profiles (id, created_at, updated_at, display_name, first_name, last_name, email, phone, "
          "street, postcode, city, country) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'DE')", error)) ||
      !(record = _clt_workspace_prepare (workspace,
          "INSERT INTO source_records (source_id, batch_id, row_number, data_row, external_id, raw, profile_id) "
          "VALUES (?1, ?2, ?3, ?3 - 1, ?4, '[]', ?5)", error)) ||
      !(identifier = _clt_workspace_prepare (workspace,
          "INSERT INTO record_identifiers (kind, value, record_id) VALUES (?1, ?2, ?3)", error)) ||
      !(event = _clt_workspace_prepare (workspace,
          "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency) VALUES (?1, ?2, ?3, ?4, 'EUR')", error)) ||
      !(consent = _clt_workspace_prepare (workspace,
          "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, recorded_time, method) "
          "VALUES ('email', ?1, 'email_marketing', 'email', ?2, ?3, ?3, 'generated')", error)))
    goto fail;

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      sqlite3_bind_int64 (source, 1, s + 1);
      sqlite3_bind_text (source, 2, sources[s].kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (source, 3, sources[s].name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (batch, 1, s + 1);
      if (!_clt_workspace_step_done (workspace, source, error) || !_clt_workspace_step_done (workspace, batch, error))
        goto fail;
      sqlite3_reset (source);
      sqlite3_reset (batch);
    }

  gen.workspace = workspace;
  gen.rand = rand;
  gen.profile = profile;
  gen.record = record;
  gen.identifier = identifier;
  gen.event = event;
  gen.consent = consent;

  for (guint i = 0; i < n_profiles; i++)
    {
      /* The heavy customers are spread through the list; the rest share the events evenly. */
      gboolean heavy = n_heavy > 0 && i % (n_profiles / n_heavy) == 0;
      guint64 due = (guint64) rest * (i + 1) / n_profiles;
      guint n = heavy ? HEAVY_EVENTS : (guint) (due - written);

      if (!heavy)
        written = due;
      if (!write_profile (&gen, i + 1, n, error))
        goto fail;
    }

  for (guint i = 0; i < deferred->len; i++)
    if (!_clt_workspace_exec (workspace, g_ptr_array_index (deferred, i), error))
      goto fail;

  if (!_clt_workspace_commit (workspace, error) ||
      !_clt_workspace_exec (workspace, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                                       "PRAGMA cache_size = -2000", error))
    return FALSE;

  return TRUE;

fail:
  _clt_workspace_rollback (workspace);
  return FALSE;
}
