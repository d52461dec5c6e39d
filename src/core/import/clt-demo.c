/* clt-demo.c: the exports of an invented small German business, for trying Clientele
 * and for testing it
 *
 * A coffee roaster with a café: a CRM (HubSpot), a newsletter (Mailchimp's three files), a
 * loyalty card at the till (members and receipts, Windows-1252 with semicolons, as German
 * tills write them) and a web shop (Shopify orders). The same people appear in several of
 * them the way real people do: with nicknames, transliterations, typos, married names,
 * old addresses, other e-mail addresses, shared family addresses, fathers and sons of the
 * same name, and consents that disagree. truth.csv says which rows are the same person.
 * Every name, address and number is made up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-demo"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "clt-archive.h"
#include "clt-demo.h"
#include "clt-importer.h"

typedef struct
{
  const char *name;
  const char *nickname;
} FirstName;

static const FirstName first_names[] = {
  { "Johannes", "Hannes" }, { "Katharina", "Kathi" }, { "Jürgen", NULL }, { "Elisabeth", "Lisa" },
  { "Alexander", "Alex" }, { "Margarete", "Grete" }, { "Wolfgang", "Wolf" }, { "Susanne", "Susi" },
  { "Maximilian", "Max" }, { "Franziska", "Franzi" }, { "Stefan", NULL }, { "Anna", NULL },
  { "Thomas", "Tom" }, { "Sabine", NULL }, { "Michael", "Micha" }, { "Claudia", NULL },
  { "Andreas", "Andi" }, { "Monika", NULL }, { "Christian", "Chris" }, { "Petra", NULL },
  { "Mehmet", NULL }, { "Ayşe", NULL }, { "Lukas", NULL }, { "Sophie", NULL }, { "Zoë", NULL },
  { "Björn", NULL }, { "Dorothea", "Doro" }, { "Friedrich", "Fritz" }, { "Barbara", "Babsi" },
  { "Jan", NULL }, { "Lea", NULL }, { "Tobias", "Tobi" }, { "Ursula", "Uschi" }, { "Günter", NULL },
};

static const char * const last_names[] = {
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
  "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
  "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
  "Werner", "Krause", "Meier", "Lehmann", "Yılmaz", "Öztürk", "Nowak", "Weiß", "Groß",
};

static const struct { const char *city; const char *postcode; const char *prefix; } places[] = {
  { "München", "80331", "089" }, { "München", "81667", "089" }, { "München", "80802", "089" },
  { "Freising", "85354", "08161" }, { "Augsburg", "86150", "0821" }, { "Dachau", "85221", "08131" },
  { "Erding", "85435", "08122" }, { "Rosenheim", "83022", "08031" }, { "Landshut", "84028", "0871" },
};

static const char * const streets[] = {
  "Hauptstraße", "Bahnhofstraße", "Lindenweg", "Gartenstraße", "Schillerstraße", "Am Markt",
  "Goethestraße", "Kirchgasse", "Rosenweg", "Bergstraße", "Leopoldstraße", "Sonnenstraße",
};

static const char * const domains[] = { "example.com", "example.org", "example.net", "beispiel.de", "mail.example" };

static const struct { const char *name; const char *price; gint64 cents; } products[] = {
  { "Espresso Classico 500 g", "14.90", 1490 }, { "Filterkaffee Hausmischung 500 g", "11.50", 1150 },
  { "Cappuccino", "3.80", 380 }, { "Espresso (Tasse)", "2.40", 240 }, { "Milchschäumer", "39.00", 3900 },
  { "Entkalker", "8.90", 890 }, { "Gutschein 25 €", "25.00", 2500 }, { "Croissant", "2.20", 220 },
};

static const char * const stores[] = { "Café Viktualienmarkt", "Rösterei Schwabing" };

typedef struct
{
  guint       id;
  const char *first;
  const char *nickname;
  char       *last;
  char       *maiden_name;
  char       *email;
  char       *work_email;
  char       *phone;
  char       *street;
  char       *old_street;
  guint       place;
  guint       old_place;
  int         birth_year, birth_month, birth_day;
  char       *card;
  char       *crm_id;
  gboolean    in_crm, on_newsletter, has_card, shops_online;
  int         newsletter_state;   /* 0 subscribed, 1 unsubscribed, 2 cleaned */
  gboolean    shop_accepts_marketing;
} Person;

static void
person_clear (Person *p)
{
  g_free (p->last);
  g_free (p->maiden_name);
  g_free (p->email);
  g_free (p->work_email);
  g_free (p->phone);
  g_free (p->street);
  g_free (p->old_street);
  g_free (p->card);
  g_free (p->crm_id);
}

static char *
mail_local (const char *first,
            const char *last)
{
  g_autofree char *joined = g_strdup_printf ("%s.%s", first, last);
  g_autofree char *lower = g_utf8_strdown (joined, -1);
  GString *out = g_string_new (NULL);

  for (const char *c = lower; *c; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      switch (u)
        {
        case 0xe4: g_string_append (out, "ae"); break;
        case 0xf6: g_string_append (out, "oe"); break;
        case 0xfc: g_string_append (out, "ue"); break;
        case 0xdf: g_string_append (out, "ss"); break;
        case 0x15f: g_string_append_c (out, 's'); break;
        case 0x131: g_string_append_c (out, 'i'); break;
        case 0xeb: g_string_append_c (out, 'e'); break;
        default:
          if (u < 0x80 && (g_ascii_isalnum (u) || u == '.'))
            g_string_append_c (out, (char) u);
        }
    }

  return g_string_free (out, FALSE);
}

/* Jürgen → Juergen, as systems without umlauts write it. */
static char *
transliterate (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      switch (u)
        {
        case 0xe4: g_string_append (out, "ae"); break;
        case 0xf6: g_string_append (out, "oe"); break;
        case 0xfc: g_string_append (out, "ue"); break;
        case 0xc4: g_string_append (out, "Ae"); break;
        case 0xd6: g_string_append (out, "Oe"); break;
        case 0xdc: g_string_append (out, "Ue"); break;
        case 0xdf: g_string_append (out, "ss"); break;
        default: g_string_append_unichar (out, u);
        }
    }

  return g_string_free (out, FALSE);
}

static char *
typo (GRand      *rand,
      const char *email)
{
  char *copy = g_strdup (email);
  char *at = strchr (copy, '@');
  gsize i;

  if (at == NULL || at - copy < 3)
    return copy;

  /* Swap two letters of the local part. */
  i = g_rand_int_range (rand, 0, at - copy - 1);
  if (g_ascii_isalpha (copy[i]) && g_ascii_isalpha (copy[i + 1]))
    {
      char c = copy[i];

      copy[i] = copy[i + 1];
      copy[i + 1] = c;
    }

  return copy;
}

static void
csv_field (GString    *out,
           const char *text,
           char        delimiter)
{
  if (text == NULL)
    text = "";

  if (strchr (text, delimiter) || strchr (text, '"') || strchr (text, '\n'))
    {
      g_string_append_c (out, '"');
      for (const char *c = text; *c; c++)
        {
          if (*c == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
}

static void
csv_row (GString            *out,
         char                delimiter,
         const char * const *fields,
         guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, delimiter);
      csv_field (out, fields[i], delimiter);
    }
  g_string_append (out, delimiter == ';' ? "\r\n" : "\n");
}

#define ROW(out, delim, ...) \
  G_STMT_START { \
    const char *fields_[] = { __VA_ARGS__ }; \
    csv_row (out, delim, fields_, G_N_ELEMENTS (fields_)); \
  } G_STMT_END

typedef struct
{
  GString *text;
  guint    line;
} File;

static void
truth (GString    *out,
       const char *file,
       guint       line,
       guint       person)
{
  g_string_append_printf (out, "%s,%u,%u\n", file, line, person);
}

static char *
date_time (GDateTime  *now,
           GRand      *rand,
           int         min_days,
           int         max_days,
           const char *format)
{
  g_autoptr(GDateTime) base = g_date_time_add_days (now, -g_rand_int_range (rand, min_days, max_days));
  g_autoptr(GDateTime) time = g_date_time_add_seconds (base, -g_rand_int_range (rand, 0, 86400));

  return g_date_time_format (time, format);
}

static gboolean
save (const char  *dir,
      const char  *name,
      GString     *text,
      gboolean     windows_1252,
      GPtrArray   *paths,
      GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *converted = NULL;
  gsize len = text->len;
  const char *data = text->str;

  if (windows_1252)
    {
      /* Tills in Windows-1252 cannot write ş or ı; people there are written without them. */
      g_autoptr(GString) latin = g_string_new (text->str);

      g_string_replace (latin, "ş", "s", 0);
      g_string_replace (latin, "ı", "i", 0);
      g_string_replace (latin, "ğ", "g", 0);
      if (!(converted = g_convert_with_fallback (latin->str, latin->len, "WINDOWS-1252", "UTF-8", "?",
                                                 NULL, &len, error)))
        return FALSE;
      data = converted;
    }

  if (!g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  g_ptr_array_add (paths, g_steal_pointer (&path));

  return TRUE;
}

static void
make_people (GArray    *people,
             guint      n,
             GRand     *rand,
             GDateTime *now)
{
  /* Mailboxes are one person's, except where a family shares one on purpose. */
  g_autoptr(GHashTable) mailboxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n; i++)
    {
      Person p = { 0 };
      const FirstName *first = &first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      g_autofree char *local = NULL;
      guint kind = g_rand_int_range (rand, 0, 100);

      p.id = i + 1;
      p.first = first->name;
      p.nickname = first->nickname;
      p.last = g_strdup (last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
      p.place = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));
      p.street = g_strdup_printf ("%s %d", streets[g_rand_int_range (rand, 0, G_N_ELEMENTS (streets))],
                                  g_rand_int_range (rand, 1, 140));
      p.birth_year = g_rand_int_range (rand, 1945, 2005);
      p.birth_month = g_rand_int_range (rand, 1, 13);
      p.birth_day = g_rand_int_range (rand, 1, 29);
      p.phone = g_strdup_printf ("%s %d", places[p.place].prefix, g_rand_int_range (rand, 1000000, 9999999));

      /* Households: the next person shares the address and surname of the one before. */
      if (kind < 10 && people->len > 0)
        {
          const Person *partner = &g_array_index (people, Person, people->len - 1);

          g_free (p.last);
          g_free (p.street);
          p.last = g_strdup (partner->last);
          p.street = g_strdup (partner->street);
          p.place = partner->place;
          /* A father and his son of the same name. */
          if (kind < 3)
            {
              p.first = partner->first;
              p.nickname = partner->nickname;
              p.birth_year = partner->birth_year + 28;
            }
        }

      local = mail_local (p.first, p.last);
      /* Some families share one address for everything. */
      if (kind >= 3 && kind < 6 && people->len > 0 &&
          g_str_equal (p.street, g_array_index (people, Person, people->len - 1).street))
        p.email = g_strdup (g_array_index (people, Person, people->len - 1).email);
      else if (kind % 4 == 0)
        p.email = g_strdup_printf ("%s@%s", local, domains[g_rand_int_range (rand, 0, G_N_ELEMENTS (domains))]);
      else
        p.email = g_strdup_printf ("%s%u@%s", local, p.id % 97,
                                   domains[g_rand_int_range (rand, 0, G_N_ELEMENTS (domains))]);
      for (guint taken = 2; !g_hash_table_add (mailboxes, g_strdup (p.email)) &&
           !(people->len > 0 && g_str_equal (p.email, g_array_index (people, Person, people->len - 1).email)); taken++)
        {
          const char *at = strchr (p.email, '@');
          char *unique = g_strdup_printf ("%s.%u%s", local, taken, at);

          g_free (p.email);
          p.email = unique;
        }

      if (kind >= 80 && kind < 88)
        p.work_email = g_strdup_printf ("%s@firma-%u.example", local, g_rand_int_range (rand, 1, 60));
      if (kind >= 60 && kind < 68)
        {
          /* Married since: the old name in the older systems. */
          p.maiden_name = g_strdup (last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
        }
      if (kind >= 68 && kind < 76)
        {
          /* Moved: the old address where they signed up for the card. */
          p.old_place = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));
          p.old_street = g_strdup_printf ("%s %d", streets[g_rand_int_range (rand, 0, G_N_ELEMENTS (streets))],
                                          g_rand_int_range (rand, 1, 140));
        }

      p.crm_id = g_strdup_printf ("%u", 41000 + p.id * 7);
      p.card = g_strdup_printf ("7301%08u", 10000 + p.id * 13);
      p.in_crm = g_rand_int_range (rand, 0, 10) < 7;
      p.on_newsletter = g_rand_int_range (rand, 0, 10) < 6;
      p.has_card = g_rand_int_range (rand, 0, 10) < 4;
      p.shops_online = g_rand_int_range (rand, 0, 10) < 4;
      p.newsletter_state = g_rand_int_range (rand, 0, 100) < 12 ? 1 : g_rand_int_range (rand, 0, 100) < 4 ? 2 : 0;
      p.shop_accepts_marketing = g_rand_int_range (rand, 0, 10) < 5;

      /* Nobody is in no system at all. */
      if (!p.in_crm && !p.on_newsletter && !p.has_card && !p.shops_online)
        p.in_crm = TRUE;

      g_array_append_val (people, p);
    }
}

static const char *
maybe_nickname (const Person *p,
                GRand        *rand)
{
  return p->nickname && g_rand_int_range (rand, 0, 2) == 0 ? p->nickname : p->first;
}

static void
write_crm (GArray    *people,
           GRand     *rand,
           GDateTime *now,
           File      *out,
           GString   *truth_text)
{
  ROW (out->text, ',', "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Lead Status",
       "Create Date", "Associated Company", "Street Address", "Postal Code", "City", "Country/Region",
       "Contact owner");
  out->line = 1;

  for (guint i = 0; i < people->len; i++)
    {
      const Person *p = &g_array_index (people, Person, i);
      g_autofree char *created = NULL;
      g_autofree char *phone = NULL;

      if (!p->in_crm)
        continue;

      created = date_time (now, rand, 30, 2500, "%Y-%m-%d %H:%M");
      phone = g_strdup_printf ("+49 %s", p->phone + 1);
      ROW (out->text, ',', p->crm_id, p->first, p->last, p->work_email ? p->work_email : p->email, phone,
           g_rand_int_range (rand, 0, 3) ? "Customer" : "Lead", created,
           p->work_email ? "Muster GmbH" : "", p->street, places[p->place].postcode,
           places[p->place].city, "Germany", "Sabine Vogt");
      truth (truth_text, "hubspot-contacts.csv", ++out->line, p->id);
    }
}

static void
write_mailchimp (GArray    *people,
                 GRand     *rand,
                 GDateTime *now,
                 File       files[3],
                 GString   *truth_text)
{
  static const char * const names[] = {
    "subscribed_members_export_4f2a1c9e0b.csv", "unsubscribed_members_export_4f2a1c9e0b.csv",
    "cleaned_members_export_4f2a1c9e0b.csv",
  };

  ROW (files[0].text, ',', "Email Address", "First Name", "Last Name", "Birthday", "MEMBER_RATING", "OPTIN_TIME",
       "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC",
       "REGION", "LAST_CHANGED", "LEID", "EUID", "NOTES");
  ROW (files[1].text, ',', "Email Address", "First Name", "Last Name", "Birthday", "MEMBER_RATING", "OPTIN_TIME",
       "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC",
       "REGION", "UNSUB_TIME", "UNSUB_CAMPAIGN_TITLE", "UNSUB_CAMPAIGN_ID", "UNSUB_REASON", "UNSUB_REASON_OTHER",
       "LEID", "EUID", "NOTES");
  ROW (files[2].text, ',', "Email Address", "First Name", "Last Name", "Birthday", "MEMBER_RATING", "OPTIN_TIME",
       "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC",
       "REGION", "CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", "CLEAN_CAMPAIGN_ID", "LEID", "EUID", "NOTES");
  for (guint f = 0; f < 3; f++)
    files[f].line = 1;

  for (guint i = 0; i < people->len; i++)
    {
      const Person *p = &g_array_index (people, Person, i);
      File *out = &files[p->newsletter_state];
      g_autofree char *optin = NULL;
      g_autofree char *confirm = NULL;
      g_autofree char *birthday = NULL;
      g_autofree char *leid = NULL;
      g_autofree char *euid = NULL;
      g_autofree char *ip = NULL;
      g_autofree char *changed = NULL;
      g_autofree char *first = NULL;
      const char *last = p->maiden_name ? p->maiden_name : p->last;

      if (!p->on_newsletter)
        continue;

      /* Signed up in the café: the nickname, or the name without umlauts. */
      first = g_rand_int_range (rand, 0, 3) == 0 ? transliterate (p->first) : g_strdup (maybe_nickname (p, rand));
      {
        g_autoptr(GDateTime) signed_up = g_date_time_add_days (now, -g_rand_int_range (rand, 200, 2000));
        g_autoptr(GDateTime) confirmed = g_date_time_add_minutes (signed_up, g_rand_int_range (rand, 1, 90));

        optin = g_date_time_format (signed_up, "%Y-%m-%d %H:%M:%S");
        /* Nine in ten confirmed by double opt-in a little later. */
        if (g_rand_int_range (rand, 0, 10) > 0)
          confirm = g_date_time_format (confirmed, "%Y-%m-%d %H:%M:%S");
      }
      birthday = g_rand_int_range (rand, 0, 2) ? g_strdup_printf ("%02d/%02d", p->birth_month, p->birth_day) : g_strdup ("");
      leid = g_strdup_printf ("%u", 180000000 + p->id * 31);
      euid = g_strdup_printf ("%010x", p->id * 2654435761u);
      ip = g_strdup_printf ("192.0.2.%u", p->id % 250 + 1);
      changed = date_time (now, rand, 1, 200, "%Y-%m-%d %H:%M:%S");

      if (p->newsletter_state == 0)
        ROW (out->text, ',', p->email, first, last, birthday, "3", optin, ip, confirm ? confirm : "", confirm ? ip : "",
             "", "", "1", "0", "Europe/Berlin", "DE", "BY", changed, leid, euid, "");
      else if (p->newsletter_state == 1)
        ROW (out->text, ',', p->email, first, last, birthday, "2", optin, ip, confirm ? confirm : "", confirm ? ip : "",
             "", "", "1", "0", "Europe/Berlin", "DE", "BY", changed, "Sommer-Newsletter", "a1b2c3d4e5",
             g_rand_int_range (rand, 0, 2) ? "NORMAL" : "NO_LONGER_INTERESTED", "", leid, euid, "");
      else
        ROW (out->text, ',', p->email, first, last, birthday, "1", optin, ip, confirm ? confirm : "", confirm ? ip : "",
             "", "", "1", "0", "Europe/Berlin", "DE", "BY", changed, "Herbst-Newsletter", "f6e5d4c3b2", leid, euid, "");

      truth (truth_text, names[p->newsletter_state], ++out->line, p->id);
    }
}

static void
write_loyalty (GArray    *people,
               GRand     *rand,
               GDateTime *now,
               File      *members,
               File      *receipts,
               GString   *truth_text)
{
  guint receipt_number = 100000;

  ROW (members->text, ';', "Kartennummer", "Vorname", "Nachname", "Straße", "PLZ", "Ort", "Geburtsdatum", "E-Mail",
       "Telefon", "Mitglied seit", "Newsletter");
  ROW (receipts->text, ';', "Bonnummer", "Kartennummer", "Datum", "Filiale", "Artikel", "Umsatz");
  members->line = receipts->line = 1;

  for (guint i = 0; i < people->len; i++)
    {
      const Person *p = &g_array_index (people, Person, i);
      g_autofree char *birthday = NULL;
      g_autofree char *signed_up = NULL;
      guint place = p->old_street ? p->old_place : p->place;

      if (!p->has_card)
        continue;

      birthday = g_strdup_printf ("%02d.%02d.%04d", p->birth_day, p->birth_month, p->birth_year);
      signed_up = date_time (now, rand, 100, 1800, "%d.%m.%Y");
      ROW (members->text, ';', p->card, maybe_nickname (p, rand), p->maiden_name ? p->maiden_name : p->last,
           p->old_street ? p->old_street : p->street, places[place].postcode, places[place].city, birthday,
           g_rand_int_range (rand, 0, 4) ? p->email : "", p->phone, signed_up,
           g_rand_int_range (rand, 0, 2) ? "ja" : "nein");
      truth (truth_text, "kundenkarte-mitglieder.csv", ++members->line, p->id);

      for (guint r = g_rand_int_range (rand, 1, 15); r > 0; r--)
        {
          g_autofree char *number = g_strdup_printf ("%u", receipt_number++);
          g_autofree char *when = date_time (now, rand, 1, 540, "%d.%m.%Y %H:%M");
          guint product = g_rand_int_range (rand, 0, G_N_ELEMENTS (products));
          guint quantity = g_rand_int_range (rand, 1, 4);
          gint64 cents = products[product].cents * quantity;
          g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT ",%02d", cents / 100, (int) (cents % 100));
          g_autofree char *item = g_strdup_printf ("%u x %s", quantity, products[product].name);

          ROW (receipts->text, ';', number, p->card, when, stores[g_rand_int_range (rand, 0, G_N_ELEMENTS (stores))],
               item, amount);
          truth (truth_text, "kundenkarte-bons.csv", ++receipts->line, p->id);
        }
    }
}

static void
write_shop (GArray    *people,
            GRand     *rand,
            GDateTime *now,
            File      *out,
            GString   *truth_text)
{
  guint order_number = 1001;

  ROW (out->text, ',', "Name", "Email", "Financial Status", "Paid at", "Accepts Marketing", "Currency", "Subtotal",
       "Shipping", "Total", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Billing Name",
       "Billing Street", "Billing City", "Billing Zip", "Billing Country", "Billing Phone", "Id");
  out->line = 1;

  for (guint i = 0; i < people->len; i++)
    {
      const Person *p = &g_array_index (people, Person, i);
      g_autofree char *shop_email = NULL;

      if (!p->shops_online)
        continue;

      /* One in ten typed their address wrong at the checkout. */
      shop_email = g_rand_int_range (rand, 0, 10) == 0 ? typo (rand, p->email) : g_strdup (p->email);

      for (guint o = g_rand_int_range (rand, 1, 5); o > 0; o--)
        {
          g_autofree char *name = g_strdup_printf ("#%u", order_number++);
          g_autofree char *created = date_time (now, rand, 1, 700, "%Y-%m-%d %H:%M:%S +0100");
          g_autofree char *billing = g_strdup_printf ("%s %s", p->first, p->last);
          g_autofree char *id = g_strdup_printf ("%u", 5200000 + order_number);
          guint lines = g_rand_int_range (rand, 1, 4);
          gint64 subtotal = 0;
          guint chosen[3];
          guint quantities[3];
          g_autofree char *subtotal_text = NULL;
          g_autofree char *total_text = NULL;

          for (guint l = 0; l < lines; l++)
            {
              chosen[l] = g_rand_int_range (rand, 0, G_N_ELEMENTS (products));
              quantities[l] = g_rand_int_range (rand, 1, 3);
              subtotal += products[chosen[l]].cents * quantities[l];
            }
          subtotal_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", subtotal / 100, (int) (subtotal % 100));
          total_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", (subtotal + 490) / 100, (int) ((subtotal + 490) % 100));

          for (guint l = 0; l < lines; l++)
            {
              g_autofree char *quantity = g_strdup_printf ("%u", quantities[l]);

              /* The order's customer is on its first row only. */
              if (l == 0)
                ROW (out->text, ',', name, shop_email, "paid", created, p->shop_accepts_marketing ? "yes" : "no", "EUR",
                     subtotal_text, "4.90", total_text, created, quantity, products[chosen[l]].name,
                     products[chosen[l]].price, billing, p->street, places[p->place].city, places[p->place].postcode,
                     "Germany", "", id);
              else
                ROW (out->text, ',', name, shop_email, "", "", "", "", "", "", "", created, quantity,
                     products[chosen[l]].name, products[chosen[l]].price, "", "", "", "", "", "", "");
              truth (truth_text, "orders_export.csv", ++out->line, p->id);
            }
        }
    }
}

/**
 * clt_demo_write:
 * @dir: an existing folder
 * @persons: how many invented people
 * @seed: the seed: the same seed writes the same people
 *
 * Writes the demo exports into @dir, and truth.csv (file, line, person).
 *
 * Returns: (transfer full): the paths of the exports, in the order to import them
 */
GStrv
clt_demo_write (const char  *dir,
                guint        persons,
                guint32      seed,
                GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GArray) people = g_array_new (FALSE, TRUE, sizeof (Person));
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) truth_text = g_string_new ("file,line,person\n");
  File crm = { g_string_new (NULL), 0 };
  File mailchimp[3] = { { g_string_new (NULL), 0 }, { g_string_new (NULL), 0 }, { g_string_new (NULL), 0 } };
  File members = { g_string_new (NULL), 0 };
  File receipts = { g_string_new (NULL), 0 };
  File shop = { g_string_new (NULL), 0 };
  g_autoptr(GPtrArray) unused = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_array_set_clear_func (people, (GDestroyNotify) person_clear);

  make_people (people, persons, rand, now);
  write_crm (people, rand, now, &crm, truth_text);
  write_mailchimp (people, rand, now, mailchimp, truth_text);
  write_loyalty (people, rand, now, &members, &receipts, truth_text);
  write_shop (people, rand, now, &shop, truth_text);

  ok = save (dir, "hubspot-contacts.csv", crm.text, FALSE, paths, error) &&
       save (dir, "subscribed_members_export_4f2a1c9e0b.csv", mailchimp[0].text, FALSE, paths, error) &&
       save (dir, "unsubscribed_members_export_4f2a1c9e0b.csv", mailchimp[1].text, FALSE, paths, error) &&
       save (dir, "cleaned_members_export_4f2a1c9e0b.csv", mailchimp[2].text, FALSE, paths, error) &&
       save (dir, "kundenkarte-mitglieder.csv", members.text, TRUE, paths, error) &&
       save (dir, "kundenkarte-bons.csv", receipts.text, TRUE, paths, error) &&
       save (dir, "orders_export.csv", shop.text, FALSE, paths, error) &&
       save (dir, "truth.csv", truth_text, FALSE, unused, error);

  g_string_free (crm.text, TRUE);
  for (guint i = 0; i < 3; i++)
    g_string_free (mailchimp[i].text, TRUE);
  g_string_free (members.text, TRUE);
  g_string_free (receipts.text, TRUE);
  g_string_free (shop.text, TRUE);

  if (!ok)
    return NULL;

  g_ptr_array_add (paths, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

/**
 * clt_demo_import:
 * @workspace_path: the workspace to fill
 *
 * Writes the demo exports to a temporary folder and imports them, as a person would.
 */
gboolean
clt_demo_import (const char    *workspace_path,
                 guint          persons,
                 guint32        seed,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *dir = g_dir_make_tmp ("clientele-demo-XXXXXX", error);
  g_auto(GStrv) paths = NULL;
  gboolean ok = TRUE;

  if (dir == NULL)
    return FALSE;

  if (!(paths = clt_demo_write (dir, persons, seed, error)))
    ok = FALSE;

  for (guint i = 0; ok && paths[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(CltImporter) importer = clt_importer_new (workspace_path, file);

      ok = clt_importer_run (importer, FALSE, cancellable, error);
    }

  clt_archive_remove_dir (dir);

  return ok;
}
