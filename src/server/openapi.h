// The OpenAPI 3 document of the API, served at /api/openapi.json. Private
// to src/server.

#ifndef REDLINE_SERVER_OPENAPI_H_
#define REDLINE_SERVER_OPENAPI_H_

#include <string>

namespace redline {

// The document, JSON.
const std::string& OpenApiDocument();

}  // namespace redline

#endif  // REDLINE_SERVER_OPENAPI_H_
