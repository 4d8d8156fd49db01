import KubeModel

/// What the simulated shell knows of a container image: its PATH and variables, the
/// process it runs as PID 1, the files it ships, and how it answers HTTP.
struct ContainerImageProfile {
  enum Family {
    case nginx, httpd, busybox, alpine, redis, other
  }

  let family: Family
  /// The image name without registry or tag (`nginx`).
  let name: String
  let tag: String

  init(image: String) {
    let reference = ImageReference(image)
    name = reference.shortName
    tag = reference.tag
    switch name {
    case "nginx", "nginx-unprivileged": family = .nginx
    case "httpd": family = .httpd
    case "busybox": family = .busybox
    case "alpine": family = .alpine
    case "redis": family = .redis
    default: family = .other
    }
  }

  /// The image's PATH.
  var path: String {
    switch family {
    case .busybox, .alpine: return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    case .httpd: return "/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    default: return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    }
  }

  /// Whether the image's tools are BusyBox's (busybox itself and Alpine), which print
  /// their own forms (`nslookup`'s `server:53`, programs under `/bin`).
  var isBusyBox: Bool { family == .busybox || family == .alpine }

  /// The version the server reports (`nginx/1.14`); `latest` reads as a recent release.
  var version: String {
    if tag != "latest", let first = tag.first, first.isNumber { return String(tag.prefix { $0 != "-" }) }
    switch family {
    case .nginx: return "1.27.3"
    case .httpd: return "2.4.62"
    case .redis: return "7.4.1"
    default: return tag
    }
  }

  /// Variables the image sets (its `ENV` lines).
  var environment: [(String, String)] {
    switch family {
    case .nginx: return [("NGINX_VERSION", version), ("PKG_RELEASE", "1~bookworm")]
    case .httpd: return [("HTTPD_PREFIX", "/usr/local/apache2"), ("HTTPD_VERSION", version)]
    case .redis: return [("REDIS_VERSION", version)]
    default: return []
    }
  }

  /// The command line of PID 1 when the pod sets neither command nor args.
  var defaultCommandLine: String {
    switch family {
    case .nginx: return "nginx: master process nginx -g daemon off;"
    case .httpd: return "httpd -DFOREGROUND"
    case .busybox, .alpine: return "sh"
    case .redis: return "redis-server *:6379"
    case .other: return name
    }
  }

  /// Extra processes the image runs beside PID 1.
  var workerCommandLines: [String] {
    family == .nginx ? ["nginx: worker process"] : []
  }

  /// Whether the image is a minimal one (busybox, alpine): fewer top-level directories.
  var isMinimal: Bool { family == .busybox || family == .alpine }

  /// Files the image ships, by absolute path.
  var files: [String: String] {
    switch family {
    case .nginx:
      return [
        "/usr/share/nginx/html/index.html": Self.nginxWelcome,
        "/usr/share/nginx/html/50x.html": Self.nginxError,
        "/etc/nginx/nginx.conf": "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n",
        "/etc/nginx/conf.d/default.conf": "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n",
      ]
    case .httpd:
      return ["/usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n"]
    default:
      return [:]
    }
  }

  /// The ports the image listens on by default.
  var defaultPorts: [Int32] {
    switch family {
    case .nginx, .httpd: return [80]
    case .redis: return [6379]
    default: return []
    }
  }

  /// Whether the image's program answers HTTP (`httpResponse` is nil for the others).
  var servesHTTP: Bool {
    switch family {
    case .nginx, .httpd, .other: true
    case .busybox, .alpine, .redis: false
    }
  }

  /// The HTTP answer to `GET path`: status line and body; nil when the image serves no HTTP.
  func httpResponse(path: String, pod: Pod) -> (status: String, body: String)? {
    switch family {
    case .nginx:
      if path == "/" || path == "/index.html" { return ("200 OK", Self.nginxWelcome) }
      if path == "/50x.html" { return ("200 OK", Self.nginxError) }
      return (
        "404 Not Found",
        "<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n"
          + "<hr><center>nginx/\(version)</center>\n</body>\n</html>\n")
    case .httpd:
      if path == "/" || path == "/index.html" { return ("200 OK", "<html><body><h1>It works!</h1></body></html>\n") }
      return ("404 Not Found", "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n")
    case .busybox, .alpine, .redis:
      return nil
    case .other where name.split(separator: "/").last == "hpa-example":
      // The autoscaling walkthrough's PHP page: it burns CPU, then says so.
      return ("200 OK", "OK!")
    case .other:
      // A generic web app: say who answered, as echo servers do.
      return ("200 OK", "Hostname: \(pod.name)\nIP: \(pod.status?.podIP ?? "")\nRequest: GET \(path)\n")
    }
  }

  static let nginxWelcome = """
    <!DOCTYPE html>
    <html>
    <head>
    <title>Welcome to nginx!</title>
    <style>
        body {
            width: 35em;
            margin: 0 auto;
            font-family: Tahoma, Verdana, Arial, sans-serif;
        }
    </style>
    </head>
    <body>
    <h1>Welcome to nginx!</h1>
    <p>If you see this page, the nginx web server is successfully installed and
    working. Further configuration is required.</p>

    <p>For online documentation and support please refer to
    <a href="http://nginx.org/">nginx.org</a>.<br/>
    Commercial support is available at
    <a href="http://nginx.com/">nginx.com</a>.</p>

    <p><em>Thank you for using nginx.</em></p>
    </body>
    </html>

    """

  static let nginxError = """
    <!DOCTYPE html>
    <html>
    <head>
    <title>Error</title>
    </head>
    <body>
    <h1>An error occurred.</h1>
    <p>Sorry, the page you are looking for is currently unavailable.<br/>
    Please try again later.</p>
    </body>
    </html>

    """
}
