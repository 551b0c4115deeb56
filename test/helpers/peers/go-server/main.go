// A Go crypto/tls server for the probe tests: one process, one loopback listener per line of the
// configuration file, each answering HTTP/1.1 200 after the handshake. Standard library only: the
// tests build it offline into a temp dir.
//
// Configuration lines: name cert=FILE key=FILE [ca=FILE] auth=require|optional|none min=1.0..1.3 max=1.0..1.3
// [ciphers=0xc007,...] (TLS 1.2 and below: only these suites, insecure ones included).
// On start it prints "name port" per listener, then "ready".
package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

var versions = map[string]uint16{
	"1.0": tls.VersionTLS10,
	"1.1": tls.VersionTLS11,
	"1.2": tls.VersionTLS12,
	"1.3": tls.VersionTLS13,
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(2)
}

func listener(line string) (string, net.Listener) {
	fields := strings.Fields(line)
	name := fields[0]
	options := map[string]string{"auth": "require", "min": "1.2", "max": "1.3"}
	for _, field := range fields[1:] {
		parts := strings.SplitN(field, "=", 2)
		if len(parts) != 2 {
			fail("%s: bad option %q", name, field)
		}
		options[parts[0]] = parts[1]
	}
	pair, err := tls.LoadX509KeyPair(options["cert"], options["key"])
	if err != nil {
		fail("%s: %v", name, err)
	}
	config := &tls.Config{
		Certificates: []tls.Certificate{pair},
		MinVersion:   versions[options["min"]],
		MaxVersion:   versions[options["max"]],
		NextProtos:   []string{"http/1.1"},
	}
	if config.MinVersion == 0 || config.MaxVersion == 0 {
		fail("%s: bad TLS version", name)
	}
	if list := options["ciphers"]; list != "" {
		for _, text := range strings.Split(list, ",") {
			suite, err := strconv.ParseUint(text, 0, 16)
			if err != nil {
				fail("%s: bad cipher suite %q", name, text)
			}
			config.CipherSuites = append(config.CipherSuites, uint16(suite))
		}
	}
	if ca := options["ca"]; ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			fail("%s: %v", name, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			fail("%s: no certificate in %s", name, ca)
		}
		config.ClientCAs = pool
	}
	switch options["auth"] {
	case "require":
		config.ClientAuth = tls.RequireAndVerifyClientCert
	case "optional":
		config.ClientAuth = tls.VerifyClientCertIfGiven
	case "none":
		config.ClientAuth = tls.NoClientCert
	default:
		fail("%s: bad auth %q", name, options["auth"])
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", config)
	if err != nil {
		fail("%s: %v", name, err)
	}
	return name, ln
}

func serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if err := conn.(*tls.Conn).Handshake(); err != nil {
		return
	}
	reader := bufio.NewReader(conn)
	var request bytes.Buffer
	for !bytes.Contains(request.Bytes(), []byte("\r\n\r\n")) {
		line, err := reader.ReadBytes('\n')
		request.Write(line)
		if err != nil {
			return
		}
	}
	body := `{"ok":true,"server":"go"}`
	fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
}

func main() {
	if len(os.Args) != 2 {
		fail("usage: go-server CONFIG")
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	for _, line := range strings.Split(string(text), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, ln := listener(line)
		fmt.Printf("%s %d\n", name, ln.Addr().(*net.TCPAddr).Port)
		go func(ln net.Listener) {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				go serve(conn)
			}
		}(ln)
	}
	fmt.Println("ready")
	// Stop when the test process goes away (stdin closes), whatever else happens.
	buf := make([]byte, 1)
	for {
		if _, err := os.Stdin.Read(buf); err != nil {
			os.Exit(0)
		}
	}
}
