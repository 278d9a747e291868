// Runs on Bun (`bun test --conditions=source packages/bun/test`): core's HTTP/1.1 client over the
// sockets the adapter gives it (`Bun.connect`, and `node:net` too), against raw TCP servers on
// 127.0.0.1 (tests/runtime/http1.ts).
import { test } from "node:test"
import * as net from "node:net"
import * as tls from "node:tls"
import { connect } from "../src/socket.ts"
import { http1Tests } from "../../../tests/runtime/http1.ts"

http1Tests(test, "Bun (Bun.connect)", { connect, connectTls: tls.connect })
http1Tests(test, "Bun (node:net)", { connect: net.connect, connectTls: tls.connect })
