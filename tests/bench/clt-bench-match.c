/* clt-bench-match.c: the matcher on synthetic person records
 *
 * Generates persons as a German CRM, newsletter tool and shop would hold them: common names
 * very common (Müller, Thomas) and most names rare, birthdates, e-mail addresses, phones
 * and addresses; 40% of the persons have one to four more records with typos, nicknames,
 * swapped names, missing fields, a new address or a new e-mail address. The records go to
 * a CltMatcher in shuffled order, and its clusters are measured against the persons.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "clt-bench-match.h"

static const char * const first_names[] = {
  "Thomas", "Michael", "Andreas", "Stefan", "Anna", "Maria", "Peter", "Christian", "Sabine", "Julia",
  "Klaus", "Wolfgang", "Susanne", "Katharina", "Jürgen", "Frank", "Petra", "Markus", "Laura", "Alexander",
  "Monika", "Andrea", "Claudia", "Johannes", "Lena", "Lea", "Sarah", "Lisa", "Maximilian", "Hannah",
  "Sophie", "Marie", "Lukas", "Jonas", "Felix", "Leon", "Paul", "Elias", "Tobias", "Sebastian",
  "Daniel", "David", "Jan", "Tim", "Florian", "Matthias", "Martin", "Uwe", "Helmut", "Heinz",
  "Ursula", "Renate", "Karin", "Brigitte", "Elisabeth", "Margarete", "Gisela", "Ingrid", "Barbara",
  "Christine", "Birgit", "Nicole", "Stefanie", "Melanie", "Sandra", "Jessica", "Nadine", "Franziska",
  "Manuela", "Ralf", "Jörg", "Dirk", "Sven", "Oliver", "Torsten", "Holger", "Kai", "Björn", "Mehmet",
  "Ahmet", "Ali", "Mustafa", "Fatma", "Ayşe", "Emine", "Zeynep", "Elif", "Emre", "Piotr", "Katarzyna",
  "Agnieszka", "Tomasz", "Marco", "Giulia", "Luca", "Francesca", "Sofia", "José", "Carlos", "Ana",
  "Lucía", "Ivan", "Olga", "Natalia", "Dmitri", "Elena", "John", "James", "Robert", "William", "Mary",
  "Jennifer", "Emma", "Olivia", "Noah", "Liam", "Chloé", "Zoë", "Minh", "Wei", "Yuki", "Aleksandra",
  "Søren", "Hélène", "François", "René", "Ömer", "Hüseyin", "Gülsüm", "Mia", "Emilia", "Ben",
  "Finn", "Noel", "Ida", "Greta", "Frieda", "Mathilda", "Karl", "Friedrich", "Josef", "Theresa",
  "Ursel", "Dieter", "Günter", "Horst", "Manfred", "Gerhard", "Rainer", "Bernd", "Werner", "Erika",
};

/* Nicknames, as people give them, of some of the first names. */
static const char * const nicknames[][2] = {
  { "Thomas", "Tom" }, { "Michael", "Micha" }, { "Johannes", "Hannes" }, { "Katharina", "Kathi" },
  { "Alexander", "Alex" }, { "Elisabeth", "Lisa" }, { "Maximilian", "Max" }, { "Franziska", "Franzi" },
  { "Andreas", "Andi" }, { "Christian", "Chris" }, { "Tobias", "Tobi" }, { "Stefanie", "Steffi" },
  { "Manuela", "Manu" }, { "Sebastian", "Basti" }, { "Daniel", "Dani" }, { "Robert", "Bob" },
  { "William", "Bill" }, { "James", "Jim" }, { "Susanne", "Susi" }, { "Barbara", "Babsi" },
  { "Ursula", "Uschi" }, { "Florian", "Flo" }, { "Josef", "Sepp" }, { "Friedrich", "Fritz" },
};

static const char * const first_starts[] = {
  "Al", "Ber", "Car", "Dan", "El", "Fen", "Gun", "Hel", "Ir", "Jo", "Kas", "Lin", "Mar", "Nel", "Os",
  "Pe", "Ro", "Sil", "Ta", "Ul", "Va", "Wen", "Xa", "Yas", "Zel", "Am", "Bri", "Cor", "Del", "Em",
};
static const char * const first_ends[] = {
  "a", "o", "ina", "ine", "as", "er", "ian", "ja", "ko", "mar", "ric", "win", "da", "ne", "lie",
  "rud", "bert", "hild", "trud", "mund", "ka", "is", "en", "ey", "ia",
};

static const char * const last_names[] = {
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
  "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
  "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz",
  "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter",
  "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
  "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck",
  "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus",
  "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel",
  "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn",
  "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff",
  "Pfeiffer", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Nowak", "Kowalski",
  "Wiśniewski", "Kamińska", "Rossi", "Russo", "Ferrari", "Esposito", "García", "Fernández", "González",
  "Rodríguez", "Silva", "Santos", "Ivanov", "Petrov", "Smirnova", "Popescu", "Nguyen", "Tran", "Kim",
  "Lee", "Wang", "Zhang", "Smith", "Johnson", "Brown", "Taylor", "O'Brien", "Dubois", "Lefèvre",
  "Jansen", "de Vries", "van den Berg", "Hansen", "Nielsen", "Andersson", "Papadopoulos", "Horvat",
  "Novák", "Al-Sayed", "Haddad", "Müller-Lüdenscheidt", "Schmidt-Weber",
};

static const char * const last_starts[] = {
  "Alt", "Bern", "Brenn", "Dorn", "Eich", "Feld", "Fried", "Gold", "Grün", "Hasel", "Hein", "Hell",
  "Hol", "Kirch", "Kling", "Kron", "Lind", "Mar", "Mein", "Nord", "Ober", "Ort", "Rein", "Ros", "Sand",
  "Scharf", "Schön", "Stahl", "Stroh", "Tann", "Unter", "Wald", "Wein", "Wies", "Wolk", "Zeit", "Ahl",
  "Bräu", "Dett", "Ehr", "Falk", "Gies", "Hag", "Jahn", "Kess", "Lüt", "Mohr", "Nie", "Quast", "Rüd",
  "Senn", "Trau", "Uhl", "Wend", "Zell", "Bod", "Dreh", "Form", "Gatz", "Pank",
};
static const char * const last_ends[] = {
  "mann", "berg", "bach", "feld", "hof", "dorf", "er", "ner", "ler", "inger", "rich", "hardt", "stein",
  "wald", "brink", "kamp", "meier", "müller", "haus", "baum", "reuter", "wein", "ke", "ski", "ow", "itz",
  "ach", "egger", "huber", "bauer",
};

typedef struct
{
  const char *name;
  const char *postcode;
  guint       weight;
} City;

/* The largest cities, by inhabitants in thousands; the rest live in small towns. */
static const City cities[] = {
  { "Berlin", "10115", 3700 }, { "Hamburg", "20095", 1900 }, { "München", "80331", 1500 },
  { "Köln", "50667", 1100 }, { "Frankfurt am Main", "60311", 750 }, { "Stuttgart", "70173", 630 },
  { "Düsseldorf", "40210", 620 }, { "Leipzig", "04103", 600 }, { "Dortmund", "44135", 590 },
  { "Essen", "45127", 580 }, { "Bremen", "28195", 570 }, { "Dresden", "01067", 560 },
  { "Hannover", "30159", 540 }, { "Nürnberg", "90402", 520 }, { "Duisburg", "47051", 500 },
  { "Bochum", "44787", 360 }, { "Wuppertal", "42103", 350 }, { "Bielefeld", "33602", 330 },
  { "Bonn", "53111", 330 }, { "Münster", "48143", 320 }, { "Mannheim", "68159", 310 },
  { "Karlsruhe", "76133", 310 }, { "Augsburg", "86150", 300 }, { "Wiesbaden", "65183", 280 },
  { "Mönchengladbach", "41061", 260 }, { "Gelsenkirchen", "45879", 260 }, { "Aachen", "52062", 250 },
  { "Braunschweig", "38100", 250 }, { "Kiel", "24103", 250 }, { "Chemnitz", "09111", 240 },
  { "Halle (Saale)", "06108", 240 }, { "Magdeburg", "39104", 240 }, { "Freiburg im Breisgau", "79098", 230 },
  { "Krefeld", "47798", 230 }, { "Mainz", "55116", 220 }, { "Lübeck", "23552", 220 }, { "Erfurt", "99084", 210 },
  { "Rostock", "18055", 210 }, { "Kassel", "34117", 200 }, { "Potsdam", "14467", 180 },
  { "Saarbrücken", "66111", 180 }, { "Oldenburg", "26122", 170 }, { "Osnabrück", "49074", 165 },
  { "Heidelberg", "69117", 160 }, { "Darmstadt", "64283", 160 }, { "Regensburg", "93047", 150 },
  { "Würzburg", "97070", 128 }, { "Ulm", "89073", 126 }, { "Göttingen", "37073", 118 },
  { "Erlangen", "91052", 113 }, { "Trier", "54290", 110 }, { "Jena", "07743", 110 },
};

static const char * const town_starts[] = { "Bad ", "", "", "Neu", "Alt", "Ober", "Nieder", "Groß", "Klein" };
static const char * const town_roots[] = {
  "Lind", "Eich", "Buch", "Berg", "Wald", "Rosen", "Hohen", "Stein", "Kirch", "Mühl", "Tann", "Hasel",
  "Wolfs", "Fried", "Hildes", "Rein",
};
static const char * const town_ends[] = {
  "au", "bach", "berg", "burg", "dorf", "feld", "hausen", "heim", "ingen", "stadt", "hofen", "brück",
  "rode", "born", "furt",
};

static const char * const streets[] = {
  "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Dorfstraße", "Bergstraße",
  "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße", "Wiesenstraße", "Birkenweg", "Am Markt",
  "Goethestraße", "Schillerstraße", "Mozartstraße", "Friedrichstraße", "Poststraße", "Mühlenweg",
  "Rosenweg", "Kastanienallee", "Marktplatz", "Am Bahnhof", "Feldstraße", "Eichenweg",
  "Industriestraße", "Lessingstraße", "Beethovenstraße", "Kantstraße", "Uhlandstraße", "Talstraße",
  "Parkstraße", "Sonnenstraße", "Blumenstraße", "Tulpenweg", "Ahornweg", "Buchenweg", "Im Winkel",
  "An der Kirche", "Burgstraße",
};
static const char * const street_ends[] = { "straße", "weg", "allee", "platz", "ring", "gasse" };

typedef struct
{
  const char *domain;
  guint       weight;
} Provider;

static const Provider providers[] = {
  { "gmail.com", 25 }, { "web.de", 18 }, { "gmx.de", 17 }, { "t-online.de", 10 }, { "outlook.com", 6 },
  { "yahoo.de", 5 }, { "icloud.com", 4 }, { "hotmail.de", 3 }, { "freenet.de", 3 }, { "posteo.de", 2 },
  { "mail.de", 2 }, { "aol.com", 1 }, { "mailbox.org", 1 }, { "gmx.net", 3 },
};

static const char * const mobile_prefixes[] = {
  "151", "152", "157", "160", "162", "170", "171", "172", "173", "174", "175", "176", "177", "178", "179",
};

/* Ranks of first names and last names: the ones above come first, invented ones after. */
#define N_FIRST_RANKS (G_N_ELEMENTS (first_names) + G_N_ELEMENTS (first_starts) * G_N_ELEMENTS (first_ends))
#define N_LAST_RANKS  (G_N_ELEMENTS (last_names) + G_N_ELEMENTS (last_starts) * G_N_ELEMENTS (last_starts) * G_N_ELEMENTS (last_ends))
#define N_TOWNS       (G_N_ELEMENTS (town_starts) * G_N_ELEMENTS (town_roots) * G_N_ELEMENTS (town_ends))
#define N_STREETS     (G_N_ELEMENTS (streets) + G_N_ELEMENTS (town_roots) * G_N_ELEMENTS (street_ends))

typedef struct
{
  guint32 first;
  guint32 last;
  guint32 birthday;
  guint32 phone;
  guint32 place;
  guint16 street;
  guint16 house;
  guint16 postcode;
  guint16 mail_number;
  guint8  mail_style;
  guint8  provider;
  guint8  phone_prefix;
  guint8  records;
} Person;

typedef struct
{
  GRand  *rand;
  double *first_cdf;
  double *last_cdf;
  guint   provider_total;
  guint   city_total;
} Generator;

/* Cumulative weights 1 / (rank + @offset): a few names very common, most rare. */
static double *
zipf_cdf (guint  n,
          double offset)
{
  double *cdf = g_new (double, n);
  double total = 0;

  for (guint r = 0; r < n; r++)
    cdf[r] = (total += 1 / (r + 1 + offset));
  for (guint r = 0; r < n; r++)
    cdf[r] /= total;

  return cdf;
}

static guint
zipf_draw (GRand        *rand,
           const double *cdf,
           guint         n)
{
  double x = g_rand_double (rand);
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (cdf[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static gboolean
chance (GRand  *rand,
        double  p)
{
  return g_rand_double (rand) < p;
}

static void
first_name (guint    rank,
            GString *out)
{
  /* Invented names spread over the combinations, not in their order. */
  guint i = (rank - G_N_ELEMENTS (first_names)) * 7919 % (N_FIRST_RANKS - G_N_ELEMENTS (first_names));

  if (rank < G_N_ELEMENTS (first_names))
    g_string_assign (out, first_names[rank]);
  else
    g_string_printf (out, "%s%s", first_starts[i % G_N_ELEMENTS (first_starts)],
                     first_ends[i / G_N_ELEMENTS (first_starts)]);
}

static void
last_name (guint    rank,
           GString *out)
{
  guint n_invented = N_LAST_RANKS - G_N_ELEMENTS (last_names);
  guint i = (guint) ((guint64) (rank - G_N_ELEMENTS (last_names)) * 104729 % n_invented);
  guint n_starts = G_N_ELEMENTS (last_starts);
  g_autofree char *second = NULL;

  if (rank < G_N_ELEMENTS (last_names))
    {
      g_string_assign (out, last_names[rank]);
      return;
    }
  second = g_utf8_strdown (last_starts[(i / n_starts) % n_starts], -1);
  g_string_printf (out, "%s%s%s", last_starts[i % n_starts], second, last_ends[i / n_starts / n_starts]);
}

static void
place_name (guint    place,
            GString *out)
{
  guint roots = G_N_ELEMENTS (town_roots), ends = G_N_ELEMENTS (town_ends);

  if (place < G_N_ELEMENTS (cities))
    g_string_assign (out, cities[place].name);
  else
    {
      guint town = place - G_N_ELEMENTS (cities);

      g_string_printf (out, "%s%s%s", town_starts[town / roots / ends], town_roots[town % roots],
                       town_ends[town / roots % ends]);
    }
}

static void
street_name (guint    street,
             GString *out)
{
  guint roots = G_N_ELEMENTS (town_roots);

  if (street < G_N_ELEMENTS (streets))
    g_string_assign (out, streets[street]);
  else
    {
      street -= G_N_ELEMENTS (streets);
      g_string_printf (out, "%s%s", town_roots[street % roots], street_ends[street / roots]);
    }
}

/* A third of people live in the large cities, the others spread over small towns. */
static guint
draw_place (Generator *gen)
{
  guint x;

  if (!chance (gen->rand, 1 / 3.0))
    return G_N_ELEMENTS (cities) + g_rand_int_range (gen->rand, 0, N_TOWNS);

  x = g_rand_int_range (gen->rand, 0, gen->city_total);
  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    {
      if (x < cities[i].weight)
        return i;
      x -= cities[i].weight;
    }

  return 0;
}

static void
move (Generator *gen,
      Person    *person)
{
  person->place = draw_place (gen);
  person->street = g_rand_int_range (gen->rand, 0, N_STREETS);
  person->house = g_rand_int_range (gen->rand, 1, 160);
  person->postcode = g_rand_int_range (gen->rand, 0, 40);
}

static void
new_mail (Generator *gen,
          Person    *person)
{
  guint x = g_rand_int_range (gen->rand, 0, gen->provider_total);

  person->provider = 0;
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (x < providers[i].weight)
        {
          person->provider = i;
          break;
        }
      x -= providers[i].weight;
    }
  /* Common names need a number to get an address at a large provider. */
  person->mail_style = g_rand_int_range (gen->rand, 0, 7);
  if (person->first < 150 && person->last < 1000)
    person->mail_style = g_rand_boolean (gen->rand) ? 3 : 5;
  person->mail_number = g_rand_int_range (gen->rand, 1, 65535);
}

static void
make_person (Generator *gen,
             Person    *person)
{
  GRand *rand = gen->rand;
  guint extra = 0;

  person->first = zipf_draw (rand, gen->first_cdf, N_FIRST_RANKS);
  person->last = zipf_draw (rand, gen->last_cdf, N_LAST_RANKS);
  /* Born 1935 to 2006. */
  person->birthday = g_rand_int_range (rand, 706000, 732600);
  person->phone = g_rand_int_range (rand, 1000000, 9999999);
  person->phone_prefix = g_rand_int_range (rand, 0, G_N_ELEMENTS (mobile_prefixes));
  move (gen, person);
  new_mail (gen, person);

  if (chance (rand, 0.4))
    {
      double x = g_rand_double (rand);

      extra = x < 0.5 ? 1 : x < 0.8 ? 2 : x < 0.92 ? 3 : 4;
    }
  person->records = 1 + extra;
}

/* One typo in the ASCII letters of @s: a letter replaced, dropped, added or two swapped. */
static void
typo (GRand   *rand,
      GString *s)
{
  guint pos;

  if (s->len < 3)
    return;
  pos = g_rand_int_range (rand, 1, s->len - 1);
  if (!g_ascii_isalpha (s->str[pos]) || !g_ascii_isalpha (s->str[pos + 1]))
    return;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      s->str[pos] = 'a' + g_rand_int_range (rand, 0, 26);
      break;
    case 1:
      g_string_erase (s, pos, 1);
      break;
    case 2:
      g_string_insert_c (s, pos, 'a' + g_rand_int_range (rand, 0, 26));
      break;
    default:
      {
        char c = s->str[pos];

        s->str[pos] = s->str[pos + 1];
        s->str[pos + 1] = c;
      }
    }
}

/* Umlauts and ß written out, as keyboards without them do. */
static void
spell_out (GString *s)
{
  static const char * const from[] = { "ä", "ö", "ü", "Ä", "Ö", "Ü", "ß" };
  static const char * const to[] = { "ae", "oe", "ue", "Ae", "Oe", "Ue", "ss" };

  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    g_string_replace (s, from[i], to[i], 0);
}

/* Letters and digits of @name for an e-mail address: "Jürgen" gives "juergen". */
static void
mail_part (const char *name,
           GString    *out)
{
  g_autofree char *folded = clt_key_name (name);

  for (const char *p = folded; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, *p);
}

typedef struct
{
  GString *first;
  GString *last;
  GString *birthday;
  GString *email;
  GString *phone;
  GString *city;
  GString *postcode;
  GString *street;
} Fields;

static void
fields_clear (Fields *f)
{
  g_string_free (f->first, TRUE);
  g_string_free (f->last, TRUE);
  g_string_free (f->birthday, TRUE);
  g_string_free (f->email, TRUE);
  g_string_free (f->phone, TRUE);
  g_string_free (f->city, TRUE);
  g_string_free (f->postcode, TRUE);
  g_string_free (f->street, TRUE);
}

static void
write_mail (const Person *person,
            Fields       *f)
{
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) last = g_string_new (NULL);
  g_autoptr(GString) name = g_string_new (NULL);

  first_name (person->first, name);
  mail_part (name->str, first);
  last_name (person->last, name);
  mail_part (name->str, last);

  g_string_truncate (f->email, 0);
  switch (person->mail_style)
    {
    case 0: g_string_printf (f->email, "%s.%s", first->str, last->str); break;
    case 1: g_string_printf (f->email, "%s%s", first->str, last->str); break;
    case 2: g_string_printf (f->email, "%c.%s", first->str[0], last->str); break;
    case 3: g_string_printf (f->email, "%s.%s%u", first->str, last->str, person->mail_number); break;
    case 4: g_string_printf (f->email, "%s.%s", last->str, first->str); break;
    case 5: g_string_printf (f->email, "%s%u", first->str, person->mail_number); break;
    default: g_string_printf (f->email, "%s_%s", first->str, last->str); break;
    }
  g_string_append_printf (f->email, "@%s", providers[person->provider].domain);
}

/* The fields of one record of @base: @copy 0 is as the person gave them first. */
static void
write_record (Generator    *gen,
              const Person *base,
              guint         copy,
              Fields       *f)
{
  GRand *rand = gen->rand;
  Person person = *base;
  gboolean dup = copy > 0;
  GDate date;

  if (dup && chance (rand, 0.12))
    move (gen, &person);
  if (dup && chance (rand, 0.2))
    new_mail (gen, &person);
  if (dup && chance (rand, 0.04))
    person.last = zipf_draw (rand, gen->last_cdf, N_LAST_RANKS);

  first_name (person.first, f->first);
  last_name (person.last, f->last);
  if (dup && chance (rand, 0.08))
    for (guint i = 0; i < G_N_ELEMENTS (nicknames); i++)
      if (g_str_equal (f->first->str, nicknames[i][0]))
        g_string_assign (f->first, nicknames[i][1]);
  if (dup && chance (rand, 0.12))
    typo (rand, f->first);
  if (dup && chance (rand, 0.12))
    typo (rand, f->last);
  if (dup && chance (rand, 0.1))
    {
      spell_out (f->first);
      spell_out (f->last);
    }
  if (dup && chance (rand, 0.05))
    {
      g_autofree char *upper = g_utf8_strup (f->last->str, -1);

      g_string_assign (f->last, upper);
    }
  if (dup && chance (rand, 0.03))
    {
      GString *swap = f->first;

      f->first = f->last;
      f->last = swap;
    }
  if (chance (rand, 0.02))
    g_string_truncate (f->first, 0);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, person.birthday);
  g_string_printf (f->birthday, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                   g_date_get_day (&date));
  if (dup && chance (rand, 0.05))
    {
      /* Day and month swapped, or one digit wrong. */
      if (g_date_get_day (&date) <= 12)
        g_string_printf (f->birthday, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_day (&date),
                         g_date_get_month (&date));
      else
        f->birthday->str[g_rand_int_range (rand, 2, 4)] = '0' + g_rand_int_range (rand, 0, 10);
    }
  if (chance (rand, dup ? 0.3 : 0.2))
    g_string_truncate (f->birthday, 0);

  write_mail (&person, f);
  if (chance (rand, dup ? 0.15 : 0.05))
    g_string_truncate (f->email, 0);

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0: g_string_printf (f->phone, "+49 %s %u", mobile_prefixes[person.phone_prefix], person.phone); break;
    case 1: g_string_printf (f->phone, "0%s %u", mobile_prefixes[person.phone_prefix], person.phone); break;
    case 2: g_string_printf (f->phone, "0%s/%u", mobile_prefixes[person.phone_prefix], person.phone); break;
    default: g_string_printf (f->phone, "+49%s%u", mobile_prefixes[person.phone_prefix], person.phone); break;
    }
  if (chance (rand, dup ? 0.35 : 0.4))
    g_string_truncate (f->phone, 0);

  place_name (person.place, f->city);
  if (person.place < G_N_ELEMENTS (cities))
    g_string_printf (f->postcode, "%05u", (guint) atoi (cities[person.place].postcode) + person.postcode);
  else
    g_string_printf (f->postcode, "%05u", 1000 + (guint) (person.place - G_N_ELEMENTS (cities)) * 43 % 98000);
  street_name (person.street, f->street);
  if (dup && chance (rand, 0.3))
    g_string_replace (f->street, "straße", "str.", 1);
  g_string_append_printf (f->street, " %u", person.house);
  if (chance (rand, dup ? 0.25 : 0.15))
    {
      g_string_truncate (f->city, 0);
      g_string_truncate (f->postcode, 0);
      g_string_truncate (f->street, 0);
    }
}

static int
compare_guint64 (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Pairs within runs of equal values of @keys >> @shift, sorted. */
static guint64
pairs_within (const guint64 *keys,
              guint          n,
              guint          shift)
{
  guint64 pairs = 0;

  for (guint i = 0, j; i < n; i = j)
    {
      for (j = i + 1; j < n && keys[j] >> shift == keys[i] >> shift; j++)
        ;
      pairs += (guint64) (j - i) * (j - i - 1) / 2;
    }

  return pairs;
}

typedef void (*RecordFunc) (const char * const *values,
                            guint               person,
                            gpointer            user_data);

/* Generates persons until there are @records records, and hands each record, shuffled, to
 * @func with its values (in CltMatchField order) and its person. */
static void
foreach_record (guint       records,
                RecordFunc  func,
                gpointer    user_data)
{
  g_autoptr(GArray) persons = g_array_new (FALSE, FALSE, sizeof (Person));
  g_autofree guint64 *order = g_new (guint64, MAX (records, 1));
  Generator gen = { g_rand_new_with_seed (20260314), NULL, NULL, 0, 0 };
  Fields fields = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL), g_string_new (NULL),
                    g_string_new (NULL), g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  guint n = 0;

  gen.first_cdf = zipf_cdf (N_FIRST_RANKS, 10);
  gen.last_cdf = zipf_cdf (N_LAST_RANKS, 30);
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    gen.provider_total += providers[i].weight;
  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    gen.city_total += cities[i].weight;

  while (n < records)
    {
      Person person;

      make_person (&gen, &person);
      person.records = MIN (person.records, records - n);
      for (guint copy = 0; copy < person.records; copy++)
        order[n++] = (guint64) persons->len << 8 | copy;
      g_array_append_val (persons, person);
    }
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (gen.rand, 0, i);
      guint64 swap = order[i - 1];

      order[i - 1] = order[j];
      order[j] = swap;
    }

  for (guint i = 0; i < n; i++)
    {
      const Person *person = &g_array_index (persons, Person, order[i] >> 8);
      const char *values[CLT_MATCH_N_FIELDS] = { NULL };

      write_record (&gen, person, order[i] & 0xff, &fields);
      values[CLT_MATCH_FIRST_NAME] = fields.first->str;
      values[CLT_MATCH_LAST_NAME] = fields.last->str;
      values[CLT_MATCH_BIRTHDATE] = fields.birthday->str;
      values[CLT_MATCH_EMAIL] = fields.email->str;
      values[CLT_MATCH_PHONE] = fields.phone->str;
      values[CLT_MATCH_CITY] = fields.city->str;
      values[CLT_MATCH_POSTCODE] = fields.postcode->str;
      values[CLT_MATCH_STREET] = fields.street->str;
      func (values, order[i] >> 8, user_data);
    }

  g_rand_free (gen.rand);
  g_free (gen.first_cdf);
  g_free (gen.last_cdf);
  fields_clear (&fields);
}

typedef struct
{
  CltMatcher *matcher;
  GArray     *truth;
} MatchRun;

static void
add_record (const char * const *values,
            guint               person,
            gpointer            user_data)
{
  MatchRun *run = user_data;

  clt_matcher_add_record (run->matcher, values);
  g_array_append_val (run->truth, person);
}

/**
 * clt_bench_match:
 * @records: how many records to generate and match
 * @result: (out caller-allocates): the measurements
 *
 * Run first in the process, so that the peak resident memory is the figure's.
 */
void
clt_bench_match (guint          records,
                 CltBenchMatch *result)
{
  g_autoptr(CltMatcher) matcher = clt_matcher_new ();
  g_autoptr(GArray) truth = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint64 *keys = NULL;
  MatchRun run = { matcher, truth };
  struct rusage usage;
  guint n;

  foreach_record (records, add_record, &run);
  clt_matcher_run (matcher, CLT_RESOLVE_DEFAULT_UPPER, CLT_RESOLVE_DEFAULT_LOWER);

  n = truth->len;
  result->records = n;
  result->compared = clt_matcher_get_n_compared (matcher);
  result->seconds = 0;
  for (guint p = 0; p < CLT_MATCH_N_PHASES; p++)
    result->seconds += (result->phase_seconds[p] = clt_matcher_get_phase_seconds (matcher, p));
  getrusage (RUSAGE_SELF, &usage);
  result->peak_mib = usage.ru_maxrss / 1024.0;

  /* Pairs of records in one cluster, and of those the pairs of one person. */
  keys = g_new (guint64, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    keys[i] = (guint64) clt_matcher_get_cluster (matcher, i) << 32 | g_array_index (truth, guint32, i);
  clt_bench_quality (keys, n, &result->precision, &result->recall, &result->f1);
}

/**
 * clt_bench_quality:
 * @keys: for each record, its cluster in the high 32 bits and its true entity in the low
 *   ones; sorted in place
 *
 * Pairwise precision, recall and F1 of the clusters against the entities.
 */
void
clt_bench_quality (guint64 *keys,
                   guint    n,
                   double  *precision,
                   double  *recall,
                   double  *f1)
{
  g_autofree guint64 *entities = g_new (guint64, MAX (n, 1));
  guint64 true_pairs, predicted_pairs, correct;

  qsort (keys, n, sizeof (guint64), compare_guint64);
  predicted_pairs = pairs_within (keys, n, 32);
  correct = pairs_within (keys, n, 0);
  for (guint i = 0; i < n; i++)
    entities[i] = keys[i] & G_MAXUINT32;
  qsort (entities, n, sizeof (guint64), compare_guint64);
  true_pairs = pairs_within (entities, n, 0);

  *precision = predicted_pairs ? (double) correct / predicted_pairs : 1;
  *recall = true_pairs ? (double) correct / true_pairs : 1;
  *f1 = *precision + *recall > 0 ? 2 * *precision * *recall / (*precision + *recall) : 0;
}

#define N_EXPORTS 5

typedef struct
{
  GString *files[N_EXPORTS];
  guint    rows[N_EXPORTS];
  guint    next_copy;
  GArray  *copies;
  GString *truth;
  guint    id;
} ExportRun;

static void
write_row (const char * const *values,
           guint               person,
           gpointer            user_data)
{
  ExportRun *run = user_data;
  guint file;

  /* Each record of a person goes to another system, as customers are in several. */
  if (person >= run->copies->len)
    g_array_set_size (run->copies, person + 1);
  file = g_array_index (run->copies, guint8, person)++ % N_EXPORTS;

  g_string_append_printf (run->files[file], "%u;%s;%s;%s;%s;%s;%s;%s;%s\n", ++run->id,
                          values[CLT_MATCH_FIRST_NAME], values[CLT_MATCH_LAST_NAME], values[CLT_MATCH_BIRTHDATE],
                          values[CLT_MATCH_EMAIL], values[CLT_MATCH_PHONE], values[CLT_MATCH_STREET],
                          values[CLT_MATCH_POSTCODE], values[CLT_MATCH_CITY]);
  g_string_append_printf (run->truth, "%u,%u,%u\n", file, ++run->rows[file], person);
}

/**
 * clt_bench_write_exports:
 * @records: how many records to write
 * @dir: where to write them
 * @truth: (out caller-allocates): for each file (index), data row (from 1) and person, as
 *   "file,row,person" lines
 *
 * Writes the same synthetic records as clt_bench_match() as the exports of five systems,
 * each record of a person in another one: kunden-1.csv to kunden-5.csv.
 *
 * Returns: (transfer full): the files' paths
 */
GStrv
clt_bench_write_exports (guint        records,
                         const char  *dir,
                         GString     *truth)
{
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  ExportRun run = { { NULL }, { 0 }, 0, g_array_new (FALSE, TRUE, sizeof (guint8)), truth, 0 };

  for (guint f = 0; f < N_EXPORTS; f++)
    run.files[f] = g_string_new ("Kundennummer;Vorname;Nachname;Geburtsdatum;E-Mail;Telefon;Straße;PLZ;Ort\n");
  foreach_record (records, write_row, &run);

  for (guint f = 0; f < N_EXPORTS; f++)
    {
      g_autofree char *name = g_strdup_printf ("kunden-%u.csv", f + 1);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;

      if (!g_file_set_contents (path, run.files[f]->str, run.files[f]->len, &error))
        g_error ("%s", error->message);
      g_strv_builder_add (paths, path);
      g_string_free (run.files[f], TRUE);
    }
  g_array_unref (run.copies);

  return g_strv_builder_end (paths);
}
