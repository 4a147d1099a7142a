package dev.paperboy.bench;

import dev.paperboy.select.Frequency;
import dev.paperboy.select.Subscriber;
import dev.paperboy.select.Topic;
import dev.paperboy.source.ParsedPaper;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A reproducible audience: subscriber {@code i} is a pure function of the seed and {@code i}, so any
 * number of them can be generated as a stream without holding them.
 *
 * <p>As real audiences do, most follow one or two of the {@link #NAMED} topics (at most four), popular
 * ones far more often (Zipf, s = {@value #ZIPF}); {@value #OWN_PERCENT}% add a keyword query of their own drawn from the words of the
 * sample titles, {@value #EXCLUDE_PERCENT}% exclude something and {@value #LIKE_PERCENT}% follow "papers
 * like" one or two catalog papers. Time zones span UTC-11 to UTC+14, weighted towards where people are.
 */
public final class Population {
  static final int OWN_PERCENT = 6;
  static final int EXCLUDE_PERCENT = 8;
  static final int LIKE_PERCENT = 2;
  /** Zipf exponent of named-topic popularity. */
  static final double ZIPF = 1.2;
  /** Cumulative shares of subscribers following 1, 2, 3 and 4 named topics. */
  static final double[] TOPIC_COUNT_CDF = {0.45, 0.80, 0.95, 1.0};

  /** name, title, query. */
  static final String[][] NAMED = {
    {"llm", "Large language models", "\"large language model\" OR llm OR \"language models\" OR \"language modeling\""},
    {"diffusion", "Diffusion models", "diffusion OR \"score-based\" OR denoising"},
    {"ssm", "State space models", "mamba OR \"state space\" OR \"state-space\" OR ssm"},
    {"causal", "Causal reasoning", "causal OR causality OR counterfactual"},
    {"optimization", "Optimization theory",
        "\"stochastic optimization\" OR \"convex optimization\" OR \"gradient descent\" OR convergence OR \"learning rate\""},
    {"generative", "Generative modelling", "generative OR autoregressive OR gan OR \"normalizing flow\""},
    {"alignment", "LLM alignment", "\"preference optimization\" OR DPO OR RLHF OR \"reward model\" OR alignment"},
    {"bayes", "Bayesian methods", "bayesian OR posterior OR \"variational inference\" OR probabilistic"},
    {"timeseries", "Time series", "\"time series\" OR forecasting OR temporal"},
    {"transformers", "Transformers and attention", "transformer OR transformers OR attention"},
    {"rl", "Reinforcement learning", "\"reinforcement learning\" OR policy OR reward OR planning"},
    {"sampling", "Sampling and Monte Carlo", "sampling OR \"monte carlo\" OR mcmc OR langevin OR particle"},
    {"graphs", "Graphs and networks", "graph OR graphs OR \"graph neural\" OR network"},
    {"sparse", "Sparsity and pruning", "sparse OR sparsity OR pruning OR lasso"},
    {"pde", "PDEs and physics", "pde OR pdes OR \"differential equation\" OR \"neural operator\" OR turbulence OR physics"},
    {"specdec", "Speculative decoding", "\"speculative decoding\" OR \"inference-time\" OR draft"},
    {"statistics", "Statistical estimation", "estimation OR regression OR estimator OR \"hypothesis test\""},
    {"efficient", "Efficient inference", "efficient OR efficiency OR faster OR speedup OR acceleration"},
    {"theory", "Learning theory", "theorem OR bounds OR generalization OR \"sample complexity\""},
    {"dynamics", "Dynamical systems", "dynamics OR \"dynamical system\" OR chaotic OR stability"},
    {"astro", "Exoplanets and astrophysics",
        "exoplanet OR planets OR stellar OR cosmology OR galaxies OR \"cosmic web\" OR astrophysics"},
    {"reasoning", "Reasoning", "reasoning OR \"chain of thought\" OR math OR mathematical"},
    {"vision", "Vision and video", "image OR images OR vision OR visual OR video"},
    {"privacy", "Privacy and federated learning", "privacy OR private OR \"differential privacy\" OR federated"},
    {"meta", "Meta- and in-context learning", "\"meta-learning\" OR meta OR \"few-shot\" OR \"in-context\""},
    {"interpret", "Interpretability", "interpretability OR interpretable OR explanation OR mechanistic"},
    {"representation", "Representation learning", "representation OR representations OR embedding OR contrastive"},
    {"quantum", "Quantum", "quantum OR qubit OR schrodinger"},
    {"control", "Control", "control OR controller OR \"optimal control\" OR robot"},
    {"benchmarks", "Benchmarks and evaluation", "benchmark OR benchmarks OR evaluation OR leaderboard"},
  };

  private static final String[] EXCLUDES = {
    "survey", "astrophysics OR exoplanet", "quantum", "benchmark", "medical OR clinical", "\"large language model\"",
    "theorem", "video",
  };

  /** IANA zone and weight (roughly where readers are). */
  private static final Object[][] ZONES = {
    {"America/New_York", 14}, {"America/Chicago", 6}, {"America/Denver", 2}, {"America/Los_Angeles", 10},
    {"America/Toronto", 3}, {"America/Mexico_City", 2}, {"America/Bogota", 1}, {"America/Sao_Paulo", 3},
    {"America/Santiago", 1}, {"America/Argentina/Buenos_Aires", 1}, {"Pacific/Honolulu", 1}, {"Pacific/Pago_Pago", 1},
    {"Europe/London", 8}, {"Europe/Paris", 5}, {"Europe/Berlin", 6}, {"Europe/Madrid", 2}, {"Europe/Rome", 2},
    {"Europe/Amsterdam", 2}, {"Europe/Zurich", 2}, {"Europe/Stockholm", 1}, {"Europe/Warsaw", 1},
    {"Europe/Istanbul", 1}, {"Europe/Moscow", 1}, {"Africa/Cairo", 1}, {"Africa/Lagos", 1}, {"Africa/Nairobi", 1},
    {"Africa/Johannesburg", 1}, {"Asia/Dubai", 1}, {"Asia/Tehran", 1}, {"Asia/Karachi", 1}, {"Asia/Kolkata", 6},
    {"Asia/Kathmandu", 1}, {"Asia/Dhaka", 1}, {"Asia/Bangkok", 1}, {"Asia/Singapore", 2}, {"Asia/Shanghai", 8},
    {"Asia/Hong_Kong", 2}, {"Asia/Seoul", 3}, {"Asia/Tokyo", 4}, {"Australia/Perth", 1}, {"Australia/Sydney", 2},
    {"Pacific/Auckland", 1}, {"Pacific/Kiritimati", 1}, {"UTC", 2},
  };

  private static final String[] FIRST = {
    "Ada", "Alan", "Grace", "Kurt", "Zoë", "Srinivasa", "Emmy", "John", "Marie", "Wei", "Yuki", "Olga", "Ahmed",
    "Priya", "Lucas", "Sofia", "Mateo", "Amara", "Jörg", "Chloé", "Nikolai", "Fatima", "Hiroshi", "Ana", "Kwame",
    "", "",
  };
  private static final String[] LAST = {
    "Lovelace", "Turing", "Hopper", "Gödel", "Schrödinger", "Ramanujan", "Noether", "von Neumann", "Curie", "Zhang",
    "Tanaka", "Ivanova", "Hassan", "Sharma", "Silva", "García", "Okafor", "Müller", "Dubois", "O'Brien", "Nakamura",
    "Mensah", "Kowalski", "Li", "Smith",
  };
  private static final String[] DOMAINS = {"example.org", "example.com", "example.net", "uni.example.edu", "lab.example.ac.uk"};
  /** Most keep the sign-up form's 10. */
  private static final int[] MAX_PAPERS = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 5, 15, 20};
  private static final String[] SEND_AT = {"06:00", "06:30", "07:00", "07:30", "08:00", "08:00", "09:00", "12:00", "18:00", "21:00"};

  private final long seed;
  private final Map<String, Topic> named = new LinkedHashMap<>();
  private final double[] namedCdf;
  private final List<String> vocabulary;
  private final double[] vocabularyCdf;
  private final List<String> likeable;
  private final ZoneId[] zones;
  private final double[] zoneCdf;

  /**
   * @param samples  the sample papers, whose title words are the vocabulary of own queries
   * @param likeable catalog paper ids subscribers may follow "papers like"
   */
  public Population(long seed, Collection<ParsedPaper> samples, List<String> likeable) {
    this.seed = seed;
    double[] w = new double[NAMED.length];
    for (int i = 0; i < NAMED.length; i++) {
      named.put(NAMED[i][0], new Topic(NAMED[i][0], NAMED[i][1], NAMED[i][2], List.of()));
      w[i] = Math.pow(i + 1, -ZIPF); // popular topics far more often
    }
    this.namedCdf = cdf(w);
    Map<String, Integer> counts = new HashMap<>();
    for (ParsedPaper p : samples) {
      for (String word : p.title().toLowerCase(Locale.ROOT).split("[^\\p{L}-]+")) {
        if (word.length() >= 5 && !word.startsWith("-") && !word.endsWith("-") && !STOP.contains(word)) {
          counts.merge(word, 1, Integer::sum);
        }
      }
    }
    List<String> words = new ArrayList<>(counts.keySet());
    words.sort((a, b) -> counts.get(b) != counts.get(a).intValue() ? counts.get(b) - counts.get(a) : a.compareTo(b));
    this.vocabulary = List.copyOf(words);
    double[] vw = new double[words.size()];
    for (int i = 0; i < vw.length; i++) vw[i] = 1.0 / (i + 1);
    this.vocabularyCdf = cdf(vw);
    this.likeable = List.copyOf(likeable);
    this.zones = new ZoneId[ZONES.length];
    double[] zw = new double[ZONES.length];
    for (int i = 0; i < ZONES.length; i++) {
      zones[i] = ZoneId.of((String) ZONES[i][0]);
      zw[i] = (Integer) ZONES[i][1];
    }
    this.zoneCdf = cdf(zw);
  }

  private static final Set<String> STOP = Set.of("about", "after", "their", "there", "these", "through", "using", "which",
      "while", "where", "towards", "under", "without", "within", "between", "beyond", "your", "via", "from", "with");

  /** The topic file's named topics, by name. */
  public Map<String, Topic> namedTopics() {
    return named;
  }

  /** The {@code topics:} section of a topic file defining {@link #namedTopics()}. */
  public String topicsYaml() {
    StringBuilder b = new StringBuilder("topics:\n");
    for (Topic t : named.values()) {
      b.append("  ").append(t.key()).append(":\n");
      b.append("    title: ").append(quote(t.title())).append('\n');
      b.append("    query: ").append(quote(t.query())).append('\n');
    }
    return b.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** Subscriber {@code i} (0-based), without an id. */
  public Subscriber subscriber(int i) {
    SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (i + 1)));
    String first = FIRST[r.nextInt(FIRST.length)];
    String last = LAST[r.nextInt(LAST.length)];
    String name = first.isEmpty() ? "" : first + " " + last;
    String local = (first.isEmpty() ? "reader" : ascii(first)) + "." + ascii(last) + "." + i;
    String email = local.toLowerCase(Locale.ROOT) + "@" + DOMAINS[r.nextInt(DOMAINS.length)];

    // 1..4 named topics, ticked on the sign-up form: in the form's (the file's) order
    int n = pick(r, TOPIC_COUNT_CDF) + 1;
    java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
    for (int k = 0; k < n; k++) chosen.add(pick(r, namedCdf));
    List<Topic> namedList = new ArrayList<>(named.values());
    Set<Topic> topics = new LinkedHashSet<>();
    for (int k : chosen) topics.add(namedList.get(k));
    if (r.nextInt(100) < OWN_PERCENT) topics.add(ownTopic(r));
    if (r.nextInt(100) < LIKE_PERCENT && !likeable.isEmpty()) {
      List<String> like = new ArrayList<>();
      like.add(likeable.get(r.nextInt(likeable.size())));
      if (r.nextBoolean()) like.add(likeable.get(r.nextInt(likeable.size())));
      topics.add(new Topic("~like", "Papers like " + like.get(0), null, like));
    }
    String exclude = r.nextInt(100) < EXCLUDE_PERCENT ? EXCLUDES[r.nextInt(EXCLUDES.length)] : null;
    ZoneId zone = zones[pick(r, zoneCdf)];
    LocalTime at = LocalTime.parse(SEND_AT[r.nextInt(SEND_AT.length)]);
    int f = r.nextInt(100);
    Frequency frequency = f < 80 ? Frequency.DAILY
        : f < 95 ? Frequency.WEEKDAYS : Frequency.weekly(DayOfWeek.of(1 + r.nextInt(7)));
    int max = MAX_PAPERS[r.nextInt(MAX_PAPERS.length)];
    boolean sendEmpty = r.nextInt(100) < 5;
    return new Subscriber(null, email, name, new ArrayList<>(topics), exclude, zone, at, frequency, max, sendEmpty,
        Subscriber.Origin.WEB);
  }

  /** A keyword query of one's own: one to three words of the sample titles, popular words more often. */
  private Topic ownTopic(SplittableRandom r) {
    int words = 1 + r.nextInt(3);
    Set<String> picked = new LinkedHashSet<>();
    for (int k = 0; k < words; k++) picked.add(vocabulary.get(pick(r, vocabularyCdf)));
    String query = String.join(" OR ", picked);
    String title = String.join(", ", picked);
    title = Character.toUpperCase(title.charAt(0)) + title.substring(1);
    return new Topic("~own", title, query, List.of());
  }

  private static int pick(SplittableRandom r, double[] cdf) {
    double x = r.nextDouble();
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static double[] cdf(double[] w) {
    double total = 0;
    for (double x : w) total += x;
    double[] out = new double[w.length];
    double acc = 0;
    for (int i = 0; i < w.length; i++) {
      acc += w[i] / total;
      out[i] = acc;
    }
    out[w.length - 1] = 1.0;
    return out;
  }

  private static String ascii(String s) {
    String n = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return n.replaceAll("[^A-Za-z]", "");
  }
}
