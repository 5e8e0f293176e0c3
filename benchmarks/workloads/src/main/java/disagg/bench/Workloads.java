/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
 */

package disagg.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.SplittableRandom;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.python.util.PythonInterpreter;

/**
 * The benchmark workloads: real libraries doing real work on a live set of
 * about SIZE_MB, each printing "checksum XXXXXXXXXXXXXXXX" (deterministic:
 * equal output means equal results) and its run time on standard error.
 * They know nothing about Disagg JDK.
 *
 * Usage: java -cp 'target/classes:target/lib/*' disagg.bench.Workloads NAME SIZE_MB
 *   NAME: h2 | lucene | jython | caffeine
 */
public final class Workloads {
    private Workloads() { }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        int mb = Integer.parseInt(args[1]);
        long t0 = System.nanoTime();
        long sum = switch (name) {
            case "h2" -> h2(mb);
            case "lucene" -> lucene(mb);
            case "jython" -> jython(mb);
            case "caffeine" -> caffeine(mb);
            default -> throw new IllegalArgumentException("unknown workload " + name + "; expected h2, lucene, jython, caffeine");
        };
        System.out.printf("checksum %016x%n", sum);
        System.err.printf("%s %d MB: %.2f s%n", name, mb, (System.nanoTime() - t0) / 1e9);
    }

    static long mix(long h, long v) {
        h ^= v + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
        return h * 0xBF58476D1CE4E5B9L;
    }

    static long mix(long h, String s) {
        return mix(h, s == null ? 0 : s.hashCode() * 31L + s.length());
    }

    /** H2 in memory: inserts, updates and analytic queries over two tables. */
    static long h2(int mb) throws Exception {
        int orders = mb * 1024 * 1024 / 350;
        int customers = Math.max(100, orders / 40);
        SplittableRandom r = new SplittableRandom(11);
        long h = 0;
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:bench" + System.nanoTime())) {
            try (Statement s = c.createStatement()) {
                s.execute("create table customers(id int primary key, region int, name varchar(60))");
                s.execute("create table orders(id bigint primary key, customer int, product int, qty int, "
                          + "price decimal(12,2), note varchar(200))");
            }
            try (PreparedStatement p = c.prepareStatement("insert into customers values(?,?,?)")) {
                for (int i = 0; i < customers; i++) {
                    p.setInt(1, i);
                    p.setInt(2, i % 17);
                    p.setString(3, "customer-" + Long.toHexString(r.nextLong()));
                    p.addBatch();
                    if (i % 1000 == 999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("insert into orders values(?,?,?,?,?,?)")) {
                for (int i = 0; i < orders; i++) {
                    p.setLong(1, i);
                    p.setInt(2, r.nextInt(customers));
                    p.setInt(3, r.nextInt(5000));
                    p.setInt(4, 1 + r.nextInt(20));
                    p.setBigDecimal(5, java.math.BigDecimal.valueOf(r.nextInt(1_000_000), 2));
                    p.setString(6, "note " + Long.toString(r.nextLong(), 36) + " " + Long.toString(r.nextLong(), 36));
                    p.addBatch();
                    if (i % 1000 == 999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("update orders set qty = qty + 1, note = ? where id = ?")) {
                for (int i = 0; i < orders / 5; i++) {
                    p.setString(1, "updated " + i);
                    p.setLong(2, r.nextInt(orders));
                    p.addBatch();
                    if (i % 1000 == 999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            String[] queries = {
                "select c.region, count(*), sum(o.qty * o.price) from orders o join customers c on o.customer = c.id "
                    + "group by c.region order by c.region",
                "select product, count(*), avg(price) from orders group by product having count(*) > 3 "
                    + "order by product limit 200",
                "select count(*), max(qty), min(price) from orders where note like 'updated%'",
                "select customer, sum(qty) from orders group by customer order by sum(qty) desc, customer limit 50",
            };
            for (int round = 0; round < 2; round++) {
                for (String q : queries) {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
                        int cols = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= cols; i++) {
                                h = mix(h, rs.getString(i));
                            }
                        }
                    }
                }
            }
        }
        return h;
    }

    /** Lucene: index documents on a ByteBuffersDirectory (on the heap), then search it. */
    static long lucene(int mb) throws Exception {
        int docs = mb * 1024 * 1024 / 1200;
        SplittableRandom r = new SplittableRandom(7);
        String[] vocab = new String[20_000];
        for (int i = 0; i < vocab.length; i++) {
            vocab[i] = "w" + Integer.toString(i * 7919 % 100_003, 36);
        }
        long h = 0;
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            IndexWriterConfig cfg = new IndexWriterConfig(new StandardAnalyzer())
                    .setMergePolicy(new LogDocMergePolicy())          // merges adjacent segments only
                    .setMergeScheduler(new SerialMergeScheduler())    // in this thread: deterministic
                    .setRAMBufferSizeMB(16);
            try (IndexWriter w = new IndexWriter(dir, cfg)) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < docs; i++) {
                    sb.setLength(0);
                    int words = 80 + r.nextInt(120);
                    for (int k = 0; k < words; k++) {
                        // Zipf-like: low indices are frequent
                        int idx = (int) (vocab.length * Math.pow(r.nextDouble(), 3));
                        sb.append(vocab[idx]).append(' ');
                    }
                    Document d = new Document();
                    d.add(new StringField("id", Integer.toString(i), Field.Store.YES));
                    d.add(new TextField("body", sb.toString(), Field.Store.NO));
                    d.add(new IntPoint("year", 1990 + r.nextInt(35)));
                    d.add(new StoredField("title", "document " + i + " " + vocab[r.nextInt(vocab.length)]));
                    w.addDocument(d);
                }
                w.commit();
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher s = new IndexSearcher(reader);
                StoredFields stored = s.storedFields();
                for (int q = 0; q < 400; q++) {
                    String a = vocab[(int) (vocab.length * Math.pow(r.nextDouble(), 2))];
                    String b = vocab[(int) (vocab.length * Math.pow(r.nextDouble(), 2))];
                    BooleanQuery query = new BooleanQuery.Builder()
                            .add(new TermQuery(new Term("body", a)), BooleanClause.Occur.SHOULD)
                            .add(new TermQuery(new Term("body", b)), q % 3 == 0 ? BooleanClause.Occur.MUST
                                                                            : BooleanClause.Occur.SHOULD)
                            .build();
                    TopDocs top = s.search(query, 10);
                    h = mix(h, top.totalHits.value());
                    for (ScoreDoc sd : top.scoreDocs) {
                        h = mix(h, stored.document(sd.doc).get("id"));
                        h = mix(h, Math.round(sd.score * 1000));
                    }
                }
            }
        }
        return h;
    }

    /** Jython: a dictionary- and allocation-heavy Python script. */
    static long jython(int mb) {
        int n = mb * 1024 * 1024 / 700;
        try (PythonInterpreter py = new PythonInterpreter()) {
            py.set("n", n);
            py.exec(String.join("\n",
                    "d = {}",
                    "for i in xrange(n):",
                    "    k = 'key-%d' % (i * 7919 % (n * 3))",
                    "    d[k] = [i, str(i) * 3, {'x': i % 7, 'y': [i % 11] * 4}]",
                    "total = 0",
                    "for rnd in xrange(2):",
                    "    for k in sorted(d.keys())[::13]:",
                    "        v = d[k]",
                    "        v[2]['x'] += rnd",
                    "        total = (total * 31 + v[0] + len(v[1]) + v[2]['x']) % 1000000007",
                    "    words = ' '.join([str(j * rnd) for j in xrange(n // 10)]).split(' ')",
                    "    total = (total + len(words) + sum([len(w) for w in words])) % 1000000007",
                    "result = total"));
            return ((Number) py.get("result").__tojava__(Long.class)).longValue();
        }
    }

    /** Caffeine: a bounded cache under a skewed access stream larger than the cache. */
    static long caffeine(int mb) {
        int valueSize = 1024;
        int entries = mb * 1024 * 1024 / (valueSize + 120);
        Cache<Long, byte[]> cache = Caffeine.newBuilder().maximumSize(entries).executor(Runnable::run).build();
        SplittableRandom r = new SplittableRandom(3);
        long keys = entries * 3L;
        long h = 0;
        long hits = 0;
        for (long op = 0; op < entries * 8L; op++) {
            long key = (long) (keys * Math.pow(r.nextDouble(), 2.5));  // skewed: hot keys are small
            byte[] v = cache.getIfPresent(key);
            if (v == null) {
                v = value(key, valueSize);
                cache.put(key, v);
            } else {
                hits++;
            }
            // The checksum covers what the program reads, which does not depend on
            // Caffeine's (randomised) admission decisions.
            h = mix(h, v[(int) (op % valueSize)] + key);
        }
        System.err.printf("caffeine: %d entries, hit rate %.3f%n", entries, hits / (entries * 8.0));
        return h;
    }

    static byte[] value(long key, int size) {
        byte[] b = new byte[size];
        long x = key * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }
}
