package dev.sqliterest.replication.client.s3;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code s3://HOST/PATH} URL's host says: bucket, and for provider host names also the
 * region, endpoint and addressing style (Litestream's {@code ParseHost}; docs/FORMAT.md, "Replica
 * URLs and S3").
 */
record S3Host(String bucket, String path, String region, URI endpoint, boolean pathStyle) {

  private static final Pattern AWS = Pattern.compile("^(.+)\\.s3\\.amazonaws\\.com$");
  private static final Pattern AWS_REGION =
      Pattern.compile("^(.+)\\.s3[.-]([a-z0-9-]+)\\.amazonaws\\.com$");
  private static final Pattern DO =
      Pattern.compile("^(.+)\\.([a-z0-9-]+)\\.digitaloceanspaces\\.com$");
  private static final Pattern B2 =
      Pattern.compile("^(.+)\\.s3\\.([a-z0-9-]+)\\.backblazeb2\\.com$");
  private static final Pattern FILEBASE = Pattern.compile("^(.+)\\.s3\\.filebase\\.com$");
  private static final Pattern SCW = Pattern.compile("^(.+)\\.s3\\.([a-z0-9-]+)\\.scw\\.cloud$");
  private static final Pattern MINIO = Pattern.compile("^([^.]+)\\.([^:]+:\\d+)$");
  private static final Pattern ARN =
      Pattern.compile("^arn:aws[a-z-]*:s3:([a-z0-9-]+):\\d+:accesspoint$");

  static S3Host parse(String host, String path) {
    Matcher m;
    if ((m = ARN.matcher(host)).matches()) {
      // s3://arn:aws:s3:REGION:ACCT:accesspoint/NAME/prefix: the ARN includes the first segment
      String rest = path.startsWith("/") ? path.substring(1) : path;
      int slash = rest.indexOf('/');
      String name = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash);
      return new S3Host(host + "/" + name, prefix, m.group(1), null, false);
    }
    if ((m = AWS_REGION.matcher(host)).matches()) {
      return new S3Host(m.group(1), path, m.group(2), null, false);
    }
    if ((m = AWS.matcher(host)).matches()) {
      return new S3Host(m.group(1), path, null, null, false);
    }
    if ((m = DO.matcher(host)).matches()) {
      URI endpoint = URI.create("https://" + m.group(2) + ".digitaloceanspaces.com");
      return new S3Host(m.group(1), path, m.group(2), endpoint, false);
    }
    if ((m = B2.matcher(host)).matches()) {
      URI endpoint = URI.create("https://s3." + m.group(2) + ".backblazeb2.com");
      return new S3Host(m.group(1), path, m.group(2), endpoint, true);
    }
    if ((m = FILEBASE.matcher(host)).matches()) {
      return new S3Host(m.group(1), path, null, URI.create("https://s3.filebase.com"), true);
    }
    if ((m = SCW.matcher(host)).matches()) {
      URI endpoint = URI.create("https://s3." + m.group(2) + ".scw.cloud");
      return new S3Host(m.group(1), path, m.group(2), endpoint, false);
    }
    if ((m = MINIO.matcher(host)).matches() && !host.contains(".com")) {
      return new S3Host(m.group(1), path, "us-east-1", URI.create("http://" + m.group(2)), true);
    }
    return new S3Host(host, path, null, null, false);
  }
}
