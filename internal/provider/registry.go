package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The provider's types, one line each. Keep this the only list.
var resourceTypes = []func() resource.Resource{
	newBulkJobResource,
	newBulkDatasetResource,
}

var dataSourceTypes = []func() datasource.DataSource{
	newBulkJobsDataSource,
	newBulkJobDataSource,
	newBulkJobResultsDataSource,
	newBulkObjectsDataSource,
	newBulkObjectFieldsDataSource,
}
